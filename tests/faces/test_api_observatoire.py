"""The observatory API on the mirror warehouse: JSON and CSV, perimeters under the store's rights, problem+json."""

from __future__ import annotations

import csv
import io

import pytest

API = "/api/v1"
PROBLEM = "application/problem+json"


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def _problem(response, status, *words: str) -> dict:
    assert response.status_code in (status if isinstance(status, tuple) else (status,)), response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    for w in words:
        assert w in body["detail"], (w, body["detail"])
    return body


@pytest.fixture
def audo(api, audomarois):
    r = api("epci").post(f"{API}/perimetres", json={"nom": "Audomarois", "membres": audomarois["epci"]})
    assert r.status_code == 201, r.text
    return r.json()


def test_registry_json_and_csv(api):
    c = api()
    items = c.get(f"{API}/indicateurs").json()
    ids = {i["id"] for i in items}
    assert {"population", "emploi_industriel", "part_industrie"} <= ids and all(i["unite"] for i in items)
    rows = _csv(c.get(f"{API}/indicateurs", params={"format": "csv"}))
    assert {r["id"] for r in rows} == ids
    assert {r["id"] for r in _csv(c.get(f"{API}/indicateurs", headers={"Accept": "text/csv"}))} == ids


def test_territory_indicators(api, audomarois):
    c = api()
    body = c.get(f"{API}/territoires/200069037/indicateurs").json()
    assert body["territoire"] == {"type": "epci", "code": "200069037", "nom": "CA du Pays de Saint-Omer", "phase": None,
                                  "membres": None, "nb_communes": None}
    pop = next(r for r in body["indicateurs"] if r["id"] == "population")
    assert pop["valeur"] == audomarois["population_2023"]["200069037"] and pop["periode"] == "2023"
    est = [r for r in body["indicateurs"] if r["niveau"] == "estimation"]
    assert est and all(r["methode"] for r in est)
    rows = _csv(c.get(f"{API}/territoires/200069037/indicateurs", params={"format": "csv", "indicateurs": "population"}))
    assert [(r["indicateur"], float(r["valeur"])) for r in rows] == [("population", pop["valeur"])]
    old = c.get(f"{API}/territoires/200069037/indicateurs", params={"annee": 2019, "indicateurs": "population"}).json()
    assert [r["periode"] for r in old["indicateurs"]] == ["2019"]


def test_perimeter_indicators_follow_its_rights(api, audo, audomarois):
    path = f"{API}/territoires/{audo['code']}/indicateurs"
    body = api("epci").get(path, params={"indicateurs": "population"}).json()
    assert body["territoire"]["type"] == "perimetre" and body["territoire"]["nb_communes"] == 89
    assert body["indicateurs"][0]["valeur"] == sum(audomarois["population_2023"].values())
    assert api("admin").get(path).status_code == 200
    for who in (None, "lecteur", "region"):
        _problem(api(who).get(path), 404, "introuvable")


def test_perimeter_crud_and_rights(api, audo):
    ident = audo["code"]
    assert audo["visibilite"] == "prive" and audo["proprietaire"] == "epci@test.invalid"
    assert {m["type"] for m in audo["membres"]} == {"epci"}
    _problem(api().get(f"{API}/perimetres/{ident}"), 404)
    assert api().get(f"{API}/perimetres").json()["total"] == 0
    assert api("epci").get(f"{API}/perimetres/{audo['id']}").json()["nom"] == "Audomarois"
    # owner publishes it: everybody reads it, only the owner (or an admin) changes it
    r = api("epci").patch(f"{API}/perimetres/{ident}", json={"version": audo["version"], "visibilite": "public"})
    assert r.status_code == 200 and r.json()["version"] == audo["version"] + 1
    _problem(api("epci").patch(f"{API}/perimetres/{ident}", json={"version": audo["version"], "nom": "X"}), 409, "Version")
    assert api().get(f"{API}/perimetres/{ident}").status_code == 200
    assert api("lecteur").get(f"{API}/perimetres", params={"visibilite": "public"}).json()["total"] == 1
    _problem(api("region").delete(f"{API}/perimetres/{ident}"), 403, "epci@test.invalid")
    _problem(api("lecteur").delete(f"{API}/perimetres/{ident}"), 403, "lecture seule")
    _problem(api().delete(f"{API}/perimetres/{ident}"), 401)
    assert api("epci").delete(f"{API}/perimetres/{ident}").status_code == 204
    _problem(api("epci").get(f"{API}/perimetres/{ident}"), 404)


def test_perimeter_writes_refuse_bad_members_and_anonymous(api):
    _problem(api("epci").post(f"{API}/perimetres", json={"nom": "X", "membres": ["99999"]}), 422, "99999", "ni une commune")
    _problem(api("epci").post(f"{API}/perimetres", json={"nom": "X", "membres": []}), 422)
    _problem(api().post(f"{API}/perimetres", json={"nom": "X", "membres": ["62765"]}), 401)
    _problem(api("lecteur").post(f"{API}/perimetres", json={"nom": "X", "membres": ["62765"]}), 403)


def test_csv_cells_that_look_like_formulas_are_neutralised(api):
    r = api("epci").post(f"{API}/perimetres", json={"nom": "=HYPERLINK(\"http://x\")", "description": "@SUM(A1)",
                                                    "membres": ["62765"], "visibilite": "public"})
    assert r.status_code == 201, r.text
    rows = _csv(api().get(f"{API}/perimetres", params={"format": "csv"}))
    assert rows[0]["nom"] == "'=HYPERLINK(\"http://x\")" and rows[0]["description"] == "'@SUM(A1)"
    assert rows[0]["membres"] == "62765 Saint-Omer"


def test_unknown_territory_is_404_with_candidates(api):
    body = _problem(api().get(f"{API}/territoires/Saint-Omerr/indicateurs"), 404, "Noms proches")
    assert {"type": "commune", "code": "62765", "nom": "Saint-Omer"} in body["candidates"]


def test_unknown_indicator_is_a_problem_with_close_ids(api):
    # the registry says 404 (an unknown resource id); both reads answer the same
    _problem(api().get(f"{API}/territoires/62765/indicateurs", params={"indicateurs": "emploi_industrel"}), (404, 422),
             "emploi_industriel")
    _problem(api().get(f"{API}/classements", params={"type": "region", "indicateur": "emploi_industrel"}), (404, 422),
             "emploi_industriel")


def test_comparison(api, audo, audomarois):
    codes = ",".join([*audomarois["epci"], audo["code"]])
    body = api("epci").get(f"{API}/comparaison", params={"codes": codes, "indicateurs": "population"}).json()
    (pop,) = body["indicateurs"]
    values = {v["code"]: v["valeur"] for v in pop["valeurs"]}
    assert values[audo["code"]] == sum(values[e] for e in audomarois["epci"]) == sum(audomarois["population_2023"].values())
    assert pop["regions"][0]["code"] == "32" and pop["france"]["code"] == "fr"
    rows = _csv(api("epci").get(f"{API}/comparaison", params={"codes": codes, "indicateurs": "population", "format": "csv"}))
    assert [r["code"] for r in rows] == [*audomarois["epci"], audo["code"]]
    _problem(api().get(f"{API}/comparaison", params={"codes": "62765"}), 422, "entre 2 et")


def test_rankings(api):
    c = api()
    body = c.get(f"{API}/classements", params={"type": "region", "indicateur": "emploi_industriel"}).json()
    values = [r["valeur"] for r in body["classement"]]
    assert len(values) >= 13 and values == sorted(values, reverse=True)
    low = c.get(f"{API}/classements", params={"type": "region", "indicateur": "emploi_industriel", "ordre": "croissant",
                                              "limit": 3}).json()["classement"]
    assert [r["valeur"] for r in low] == sorted(values)[:3]
    rows = _csv(c.get(f"{API}/classements", params={"type": "epci", "indicateur": "population", "region": "32",
                                                    "limit": 5, "format": "csv"}))
    assert len(rows) == 5 and rows[0]["rang"] == "1"
    _problem(c.get(f"{API}/classements", params={"type": "inconnu", "indicateur": "population"}), 422)
    _problem(c.get(f"{API}/classements", params={"type": "ti", "indicateur": "population", "phase": 3}), 422)
    _problem(c.get(f"{API}/classements", params={"type": "epci", "indicateur": "population", "phase": 1}), 422,
             "Territoires d'industrie")


def test_openapi_documents_csv_and_problems(api):
    spec = api().get(f"{API}/openapi.json").json()
    for path in ("/api/v1/indicateurs", "/api/v1/territoires/{code}/indicateurs", "/api/v1/comparaison",
                 "/api/v1/classements", "/api/v1/perimetres"):
        op = spec["paths"][path]["get"]
        assert {"application/json", "text/csv"} <= set(op["responses"]["200"]["content"]), path
    assert "404" in spec["paths"]["/api/v1/territoires/{code}/indicateurs"]["get"]["responses"]
