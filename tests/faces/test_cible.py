"""Perimeters resolve like territories; an unknown name proposes close names and the user's perimeters."""

from __future__ import annotations

import pytest

from vigie_industrie import errors
from vigie_industrie.observatoire import cible, membres
from vigie_industrie.programme import perimetres


@pytest.fixture
def audo(store, con, actors, audomarois):
    data = perimetres.PerimetreCreate(nom="Audomarois", membres=audomarois["epci"])
    with store.transaction() as session:
        return perimetres.to_public(perimetres.create(session=session, data=data, actor=actors["epci"],
                                                      check_members=lambda c: membres.check_members(con, c)))


def _lookup(store, actor):
    return cible.PerimetreLookup(store=lambda: store, actor=actor)


def test_perimeter_code_and_name_resolve(store, con, actors, audo, audomarois):
    for query in (audo.code, audo.code.upper(), "audomarois", "  AUDOMAROIS "):
        target = cible.resolve(con, query, lookup=_lookup(store, actors["epci"]))
        assert target.is_perimetre and target.territoire.code == audo.code and target.territoire.type == "perimetre"
        assert list(target.communes) == audomarois["communes"]
    ref = target.ref()
    assert ref["nb_communes"] == 89 and {m["code"] for m in ref["membres"]} == set(audomarois["epci"])


def test_private_perimeter_is_not_resolved_for_others(store, con, actors, audo):
    for who in ("region", "lecteur", "anonyme"):
        with pytest.raises(errors.NotFound):
            cible.resolve(con, audo.code, lookup=_lookup(store, actors[who]))
        with pytest.raises(errors.UnknownTerritory):
            cible.resolve(con, "Audomarois", lookup=_lookup(store, actors[who]))
    assert cible.resolve(con, audo.code, lookup=_lookup(store, actors["admin"])).is_perimetre


def test_unknown_name_proposes_close_names_and_own_perimeters(store, con, actors, audo):
    with pytest.raises(cible.TerritoireInconnu) as exc:
        cible.resolve(con, "Saint-Omerr", lookup=_lookup(store, actors["epci"]))
    message = str(exc.value)
    assert "Noms proches" in message and "Saint-Omer" in message and f"Audomarois ({audo.code})" in message
    assert "\n" not in message
    assert {"type": "perimetre", "code": audo.code, "nom": "Audomarois"} in exc.value.candidates
    assert any(c["type"] == "commune" and c["code"] == "62765" for c in exc.value.candidates)  # Saint-Omer


def test_territories_still_resolve_and_codes_keep_their_message(store, con, actors):
    assert cible.resolve(con, "62139", lookup=_lookup(store, actors["epci"])).territoire.nom == "Blendecques"
    assert not cible.resolve(con, "Blendecques").is_perimetre  # no lookup: the store is never needed
    with pytest.raises(errors.UnknownTerritory) as exc:
        cible.resolve(con, "62999", lookup=_lookup(store, actors["epci"]))
    assert not isinstance(exc.value, cible.TerritoireInconnu)


def test_no_store_means_no_perimeter(con):
    lookup = cible.PerimetreLookup(store=lambda: None, actor=perimetres.Actor.system())
    with pytest.raises(errors.NotFound):
        cible.resolve(con, "perim-1", lookup=lookup)
    with pytest.raises(cible.TerritoireInconnu):
        cible.resolve(con, "Nulle part du tout", lookup=lookup)
