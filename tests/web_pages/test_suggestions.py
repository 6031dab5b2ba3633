"""``GET /api/v1/suggestions``: names and codes from the resolver's index, perimeters, bad input."""

from __future__ import annotations

import pytest

from tests.web_pages.conftest import word_prefix
from vigie_industrie.observatoire import membres
from vigie_industrie.programme import models, perimetres, users
from vigie_industrie.programme.authz import Actor

BETHUNE_EPCI = "200072460"


def ask(client, q, **params):
    r = client.get("/api/v1/suggestions", params={"q": q, **params})
    assert r.status_code == 200, r.text
    return r.json()["suggestions"]


def test_bethune_proposes_every_epci_and_commune_named_so(client, raw_epci, raw_communes):
    got = {(s["type"], s["code"]) for s in ask(client, "Béthune", limit=50)}
    epci = {c for c, n in raw_epci.items() if word_prefix(n, "bethune")}
    communes = {c for c, r in raw_communes.items() if word_prefix(r["nom"], "bethune")}
    assert BETHUNE_EPCI in epci and "62119" in communes  # CA de Béthune-Bruay…, the commune Béthune
    assert {("epci", c) for c in epci} <= got
    assert {("commune", c) for c in communes} <= got


def test_accents_case_and_punctuation_are_ignored(client):
    ref = ask(client, "Béthune")
    assert ref and all(ask(client, q) == ref for q in ("BETHUNE", "bethune", " béthune ", "Béthune!"))


def test_exact_names_come_first_then_larger_kinds(client, raw_epci):
    got = ask(client, "Béthune")
    exact = [s for s in got if s["nom"] == "Béthune"]
    assert got[: len(exact)] == exact and {s["type"] for s in exact} >= {"commune"}
    epci = next(s for s in got if s["code"] == BETHUNE_EPCI)
    assert epci["nom"] == raw_epci[BETHUNE_EPCI] and epci["url"] == f"/territoire/{BETHUNE_EPCI}"
    assert epci["libelle"] == "EPCI"


def test_codes_of_every_shape(client, raw_communes):
    assert ask(client, "62119")[0] == {**ask(client, "62119")[0], "type": "commune", "nom": raw_communes["62119"]["nom"]}
    ti = ask(client, "ti-3212")
    assert {(s["code"], s["phase"]) for s in ti} == {("ti-3212", 1), ("ti-3212", 2)}
    assert {s["url"] for s in ti} == {"/territoire/ti-3212?phase=1", "/territoire/ti-3212?phase=2"}
    assert ask(client, "circo-62-08")[0]["type"] == "circonscription"
    assert ask(client, "fra")[0]["code"] == "fr"


def test_a_deputy_name_finds_the_constituency(client):
    assert [s["code"] for s in ask(client, "Evrard")] == ["circo-62-08"]


def _perimetre(app_settings, con, email, nom, visibilite):
    from vigie_industrie.programme.db import Store

    store = Store(app_settings.database_url, migrate=False)
    with store.transaction() as session:
        user = session.query(models.User).filter_by(email=email).one_or_none()
        if user is None:
            user = models.User(email=email, nom="test", role="epci", code_region="32", siren_epci=BETHUNE_EPCI,
                               password_hash="x")
            session.add(user)
            session.flush()
        actor = users.actor_of(user)
        row = perimetres.create(session=session, actor=actor, check_members=lambda c: membres.check_members(con, c),
                                data=perimetres.PerimetreCreate(nom=nom, membres=[BETHUNE_EPCI], visibilite=visibilite))
        code = perimetres.code_of(row.id)
    store.dispose()
    return actor, code


def test_custom_perimeters_are_proposed_to_those_who_see_them(client, app_settings, con):
    from vigie_industrie.observatoire import suggestions

    owner, public = _perimetre(app_settings, con, "bassin@test.invalid", "Bassin de Béthune élargi", "public")
    _, private = _perimetre(app_settings, con, "bassin@test.invalid", "Béthune privé", "prive")
    anonymous = {s["code"]: s for s in ask(client, "bethune", limit=50)}
    assert anonymous[public]["type"] == "perimetre" and anonymous[public]["url"] == f"/territoire/{public}"
    assert private not in anonymous
    from vigie_industrie.programme.db import Store

    store = Store(app_settings.database_url, migrate=False)
    mine = suggestions.suggestions(con, "béthune", store=store, actor=owner, limit=50)["suggestions"]
    assert {public, private} <= {s["code"] for s in mine}
    assert [s["code"] for s in ask(client, public)] == [public]
    store.dispose()
    assert Actor.anonymous().authenticated is False


@pytest.mark.parametrize("params, words", [
    ({"q": ""}, "au moins une lettre"), ({"q": "  -- "}, "au moins une lettre"), ({"q": "x" * 101}, "trop long"),
    ({}, "manquant"), ({"q": "Lens", "limit": 0}, "limit"), ({"q": "Lens", "limit": "beaucoup"}, "limit"),
])
def test_bad_input_is_one_french_problem(client, params, words):
    r = client.get("/api/v1/suggestions", params=params)
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    assert words in r.json()["detail"], r.json()


def test_shared_codes_get_an_unambiguous_key(client):
    """« 32 » is the Hauts-de-France région and the Gers: each suggestion's url and cle say which."""
    by_type = {s["type"]: s for s in ask(client, "32")}
    assert by_type["region"]["cle"] == "reg-32" and by_type["region"]["url"] == "/territoire/reg-32"
    assert by_type["departement"]["cle"] == "dep-32" and by_type["departement"]["url"] == "/territoire/dep-32"
    assert client.get(by_type["region"]["url"]).status_code == 200
    ti = {s["phase"]: s["cle"] for s in ask(client, "ti-3212")}
    assert ti == {1: "ti-3212:1", 2: "ti-3212:2"}
