"""Custom perimeters in the programme store: members checked in the warehouse, owner rights, audit."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from vigie_industrie import errors
from vigie_industrie.observatoire import membres
from vigie_industrie.programme import models, perimetres


def _create(store, con, actor, nom="Audomarois", codes=("200069037", "246201016"), visibilite="prive"):
    data = perimetres.PerimetreCreate(nom=nom, membres=list(codes), visibilite=visibilite)
    with store.transaction() as session:
        row = perimetres.create(session=session, data=data, actor=actor,
                                check_members=lambda c: membres.check_members(con, c))
        return perimetres.to_public(row)


def test_members_are_checked_and_named_from_the_warehouse(store, con, actors, audomarois):
    p = _create(store, con, actors["epci"], codes=audomarois["epci"])
    assert p.code == f"perim-{p.id}" and p.proprietaire == "epci@test.invalid" and p.visibilite == "prive"
    assert {(m.code, m.type) for m in p.membres} == {(e, "epci") for e in audomarois["epci"]}
    assert any(m.nom == "CA du Pays de Saint-Omer" for m in p.membres)


def test_members_resolve_to_the_communes_of_the_mirror(con, audomarois):
    found = membres.communes_of(con, membres.check_members(con, audomarois["epci"]))
    assert found == audomarois["communes"] and len(found) == 89


def test_communes_and_epci_mix_without_double_counting(con, audomarois):
    # a commune already inside an EPCI member is counted once; a commune outside is added
    inside = audomarois["communes"][0]
    codes = [*audomarois["epci"], inside, "62041"]  # 62041 Avion, not in the Audomarois
    found = membres.communes_of(con, membres.check_members(con, codes))
    assert found == sorted({*audomarois["communes"], "62041"})


def test_unknown_member_is_one_french_line(con):
    with pytest.raises(errors.ValidationFailed) as exc:
        membres.check_members(con, ["200069037", "99999", "123456789"])
    message = str(exc.value)
    assert "99999, 123456789" in message and "ni une commune" in message and "\n" not in message


@pytest.mark.parametrize("bad", [[], ["6213"], ["abcdefghi"], ["2000690370"]])
def test_member_codes_have_a_shape(bad):
    with pytest.raises(errors.ValidationFailed):
        perimetres.validate(perimetres.PerimetreCreate, {"nom": "X", "membres": bad})


def test_private_is_seen_by_owner_and_admin_only(store, con, actors):
    p = _create(store, con, actors["epci"])
    with store.session() as session:
        for who in ("epci", "admin"):
            assert perimetres.get(session=session, ident=p.id, actor=actors[who]).nom == "Audomarois"
        for who in ("region", "lecteur", "anonyme"):
            with pytest.raises(errors.NotFound):
                perimetres.get(session=session, ident=p.id, actor=actors[who])
            rows, total = perimetres.list_rows(session=session, actor=actors[who])
            assert total == 0 and rows == []


def test_public_is_seen_by_everybody_but_changed_by_its_owner_only(store, con, actors):
    p = _create(store, con, actors["epci"], visibilite="public")
    with store.session() as session:
        for who in ("region", "lecteur", "anonyme"):
            assert perimetres.get(session=session, ident=p.id, actor=actors[who]).id == p.id
    with store.transaction() as session:
        with pytest.raises(errors.Forbidden) as exc:
            perimetres.delete(session=session, ident=p.id, actor=actors["region"])
        assert "epci@test.invalid" in str(exc.value)
    with store.transaction() as session, pytest.raises(errors.Forbidden):
        perimetres.delete(session=session, ident=p.id, actor=actors["lecteur"])
    with store.transaction() as session, pytest.raises(errors.NotAuthenticated):
        perimetres.delete(session=session, ident=p.id, actor=actors["anonyme"])
    with store.transaction() as session:
        perimetres.delete(session=session, ident=p.id, actor=actors["admin"])


def test_lecteur_and_anonymous_cannot_create(store, con, actors):
    with pytest.raises(errors.Forbidden):
        _create(store, con, actors["lecteur"])
    with pytest.raises(errors.NotAuthenticated):
        _create(store, con, actors["anonyme"])


def test_writes_are_audited_with_before_and_after(store, con, actors):
    p = _create(store, con, actors["epci"])
    with store.transaction() as session:
        perimetres.update(session=session, ident=p.id, actor=actors["epci"],
                          data=perimetres.PerimetreUpdate(version=p.version, visibilite="public"),
                          check_members=lambda c: membres.check_members(con, c))
    with store.transaction() as session:
        perimetres.delete(session=session, ident=p.id, actor=actors["epci"])
    with store.session() as session:
        events = session.scalars(select(models.AuditEvent).where(models.AuditEvent.entity == "perimetres")
                                 .order_by(models.AuditEvent.id)).all()
    assert [e.action for e in events] == ["create", "update", "delete"]
    assert events[1].before["visibilite"] == "prive" and events[1].after["visibilite"] == "public"
    assert all(e.actor_email == "epci@test.invalid" and e.entity_id == p.id for e in events)


def test_same_name_twice_for_one_owner_is_refused(store, con, actors):
    _create(store, con, actors["epci"])
    with pytest.raises(errors.Duplicate) as exc:
        _create(store, con, actors["epci"])
    assert "Audomarois" in str(exc.value)
    _create(store, con, actors["region"])  # another owner may reuse the name


def test_stale_version_is_a_conflict(store, con, actors):
    p = _create(store, con, actors["epci"])
    check = lambda c: membres.check_members(con, c)  # noqa: E731
    with store.transaction() as session:
        perimetres.update(session=session, ident=p.id, actor=actors["epci"],
                          data=perimetres.PerimetreUpdate(version=p.version, nom="Audomarois élargi"), check_members=check)
    with store.transaction() as session, pytest.raises(errors.Conflict):
        perimetres.update(session=session, ident=p.id, actor=actors["epci"],
                          data=perimetres.PerimetreUpdate(version=p.version, nom="Autre"), check_members=check)


def test_update_revalidates_members(store, con, actors):
    p = _create(store, con, actors["epci"])
    with store.transaction() as session, pytest.raises(errors.ValidationFailed):
        perimetres.update(session=session, ident=p.id, actor=actors["epci"],
                          data=perimetres.PerimetreUpdate(version=p.version, membres=["99999"]),
                          check_members=lambda c: membres.check_members(con, c))


def test_parse_code():
    assert perimetres.parse_code("perim-12") == 12 and perimetres.parse_code(" PERIM-3 ") == 3
    assert perimetres.parse_code("62139") is None and perimetres.parse_code("perim-") is None
