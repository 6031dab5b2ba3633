"""/api/v1/carte: class breaks equal a recomputation, GeoJSON answers, problem+json errors, OpenAPI."""

from __future__ import annotations

import statistics

import pytest


def _recompute(values):
    """Quintiles by linear interpolation between order statistics (what quantile_cont does)."""
    return sorted(set(statistics.quantiles(values, n=5, method="inclusive")))


@pytest.mark.parametrize("niveau,indicateur", [
    ("epci", "part_industrie"), ("departement", "taux_chomage"), ("region", "emploi_industriel"),
    ("circonscription", "population"), ("zone_emploi", "evolution_emploi_industriel_5ans_pct"),
])
def test_breaks_and_classes_equal_a_recomputation(client, con, niveau, indicateur):
    body = client.get(f"/api/v1/carte/{niveau}", params={"indicateur": indicateur}).json()
    # the values themselves, read independently of the service
    raw = dict(con.execute(
        "select code, valeur from indicateur_valeur where type = ? and indicateur = ? and dimension is null "
        "and periode = ?", [niveau, indicateur, body["periode"]]).fetchall())
    drawn = {v["code"]: v for v in body["valeurs"]}
    present = [raw[c] for c in drawn if raw.get(c) is not None]
    assert body["seuils"] == pytest.approx(_recompute(present), rel=1e-9)
    bounds = [min(present), *body["seuils"], max(present)]
    for code, v in drawn.items():
        if raw.get(code) is None:
            assert v["valeur"] is None and v["classe"] is None and v["note"]  # « donnée manquante », never 0
        else:
            k = v["classe"]
            assert v["valeur"] == raw[code]
            assert bounds[k - 1] <= raw[code] <= bounds[k]
            assert k == 1 or raw[code] > bounds[k - 1]
    assert body["nb_manquants"] == sum(1 for c in drawn if raw.get(c) is None)
    assert sum(c["effectif"] for c in body["classes"]) == len(present)


def test_epci_map_values_cover_every_epci(client, mirror):
    body = client.get("/api/v1/carte/epci").json()
    assert body["indicateur"]["id"] == "part_industrie" and body["nb_territoires"] == 1255
    assert len(body["classes"]) == 5 and body["attribution"].startswith("Contours : ANCT")


def test_contours_geojson_gzip_and_etag(client):
    res = client.get("/api/v1/carte/contours/epci", headers={"Accept-Encoding": "gzip"})
    assert res.status_code == 200 and res.headers["content-type"].startswith("application/geo+json")
    assert res.headers["content-encoding"] == "gzip"
    data = res.json()  # httpx decodes gzip
    assert len(data["features"]) == 1255 and data["features"][0]["properties"]["lien"].startswith("/territoire/")
    again = client.get("/api/v1/carte/contours/epci", headers={"If-None-Match": res.headers["etag"]})
    assert again.status_code == 304


def test_circonscription_contours_carry_the_odbl_attribution(client):
    data = client.get("/api/v1/carte/contours/circonscription").json()
    assert data["attribution"] == "Contours : Regards Citoyens / Toxicode, ODbL"
    assert len(data["features"]) == 558


def test_zone_emploi_layer_says_unavailable(client):
    data = client.get("/api/v1/carte/contours/zone_emploi").json()
    assert data["disponible"] is False and data["features"] == [] and "non disponible" in data["message"]
    values = client.get("/api/v1/carte/zone_emploi").json()
    assert values["contours_disponibles"] is False and values["nb_territoires"] == 306


def test_territoires_industrie_phases(client):
    p1 = client.get("/api/v1/carte/territoires-industrie", params={"phase": 1}).json()
    p2 = client.get("/api/v1/carte/territoires-industrie", params={"phase": 2}).json()
    assert len(p1["features"]) == 149 and len(p2["features"]) == 183


def test_locator_contours(client):
    own = client.get("/api/v1/carte/contour/epci/200023414").json()
    assert own["propre"] is True and len(own["features"]) == 1
    commune = client.get("/api/v1/carte/contour/commune/62139").json()
    assert commune["propre"] is False and "EPCI" in commune["message"]
    assert commune["features"][0]["properties"]["code"] == "200069037"  # CA du Pays de Saint-Omer


@pytest.mark.parametrize("url", [
    "/api/v1/carte/epci?indicateur=inconnu", "/api/v1/carte/canton", "/api/v1/carte/territoires-industrie?phase=3",
    "/api/v1/carte/epci?annee=abc", "/api/v1/carte/epci?indicateur=population&dimension=BZ",
])
def test_bad_input_is_problem_json_in_french(client, url):
    res = client.get(url)
    assert res.status_code in (404, 422) and res.headers["content-type"].startswith("application/problem+json")
    assert res.json()["detail"]


def test_openapi_documents_the_map(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/carte/{niveau}", "/api/v1/carte/contours/{niveau}", "/api/v1/carte/territoires-industrie",
                 "/api/v1/carte/contour/{type}/{code}"):
        assert path in paths
    assert "application/geo+json" in paths["/api/v1/carte/contours/{niveau}"]["get"]["responses"]["200"]["content"]
