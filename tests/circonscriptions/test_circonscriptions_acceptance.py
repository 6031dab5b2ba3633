"""Issue 8 acceptance on the full warehouse: fiches, resolver, errors, API.

Expected figures are recomputed from the raw files of the mirror (INSEE composition, etalab
EPCI 2026, ANCT groupements, INSEE indicators), then compared with what the product answers.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from vigie_industrie import errors
from vigie_industrie.fiches import service as fiche_service
from vigie_industrie.territories import resolver
from vigie_industrie.territories.kinds import circonscription as circo_kind

pytestmark = pytest.mark.slow


def _rows(path, delimiter=",", skip=0):
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for _ in range(skip):
            handle.readline()
        yield from csv.DictReader(handle, delimiter=delimiter)


def _expected_overlaps(mirror, insee_circo: str):
    """EPCI (2026) and phase 1/2 Territoires d'industrie of a constituency, from the raw files."""
    communes = {
        r["COMMUNE_RESID"]
        for r in _rows(mirror / "insee-circonscriptions-legislatives" / "circo_composition_insee_2022.csv", ";")
        if r["circo"] == insee_circo
    }
    epci = {}
    for r in _rows(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv"):
        if r["code_commune"] in communes:
            epci.setdefault(r["siren_epci"], [r["nom_epci"], 0])[1] += 1
    ti = {1: set(), 2: set()}
    for phase, name in ((1, "ti_phase1_2018-2022_groupements.csv"), (2, "ti_phase2_2023-2027_groupements.csv")):
        for r in _rows(mirror / "anct-territoires-industrie" / name):
            if r["siren_groupement"].zfill(9) in epci:
                ti[phase].add(r["lib_ti"])
    return communes, {k: tuple(v) for k, v in epci.items()}, ti


@pytest.fixture()
def fiche_62_08(wh):
    return fiche_service.build(wh, resolver.resolve(wh, "circo-62-08")).model_dump(mode="json")


def _table(bloc, table_id):
    return next(t for t in bloc["tableaux"] if t["id"] == table_id)["lignes"]


def test_circo_62_08_fiche(fiche_62_08, circo_mirror):
    communes, epci, ti = _expected_overlaps(circo_mirror, "62008")
    block = fiche_62_08["circonscription"]
    assert fiche_62_08["type"] == "circonscription"
    assert fiche_62_08["nom"] == "Pas-de-Calais, 8e circonscription"
    assert block["depute"]["depute"]["nom_affiche"] == "Auguste Evrard"
    assert block["communes"]["nb_communes"] == len(communes) == 55
    codes = {c["code_commune"] for c in block["communes"]["communes"]}
    assert {"62139", "62040", "62765"} <= codes
    got_epci = {t["code"]: (t["nom"], t["nb_communes"]) for t in _table(block["recoupements"], "epci")}
    assert got_epci == epci
    assert sorted(n for _, n in got_epci.values()) == [27, 28]
    assert {t["nom"] for t in _table(block["recoupements"], "zones_emploi")} == {"Saint-Omer", "Béthune"}
    # One shape for Territoires d'industrie, the same as every other kind's.
    territoires = fiche_62_08["territoires_industrie"]["territoires"]
    got_ti = {p: {t["nom"] for t in territoires if t["phase"] == p} for p in (1, 2)}
    assert got_ti == ti == {1: {"Flandre - Saint-Omer", "Béthune-Bruay"}, 2: {"Pays de Saint-Omer", "Béthune-Bruay et Flandre-Lys"}}
    for t in territoires:
        assert t["epci"], t["nom"]
    ouv = next(i for i in block["indicateurs_insee"]["chiffres"] if i["id"] == "act_ouv")
    assert (ouv["valeur"], ouv["valeur_france"]) == (31.7, 21.2)
    numbers = {s["numero"] for s in fiche_62_08["sources"]}
    for name in ("depute", "communes", "recoupements", "indicateurs_insee", "carte"):
        assert block[name]["sources"] and set(block[name]["sources"]) <= numbers, name
    assert block["carte"]["attribution"] == "Contours : Regards Citoyens / Toxicode, ODbL"


def test_circo_66_04_fiche(wh, circo_mirror):
    communes, _, ti = _expected_overlaps(circo_mirror, "66004")
    fiche = fiche_service.build(wh, resolver.resolve(wh, "circo-66-04"))
    block = fiche.circonscription
    assert block.depute.depute.nom_affiche == "Michèle Martinez"
    assert block.communes.nb_communes == len(communes) == 64
    assert [(t.phase, t.nom) for t in fiche.territoires_industrie.territoires] == [(2, "Pyrénées Orientales")]
    assert ti[1] == set()
    assert [t["nom"] for t in next(t for t in block.recoupements.tableaux if t.id == "zones_emploi").lignes] == ["Perpignan"]


@pytest.mark.parametrize(
    "query",
    ["circo-62-08", "Pas-de-Calais 8e circonscription", "pas-de-calais 8E CIRCONSCRIPTION",
     "8e circonscription du Pas-de-Calais", "Pas-de-Calais (8e circonscription)", "Evrard", "évrard"],
)
def test_resolves_to_the_constituency(wh, query):
    t = resolver.resolve(wh, query)
    assert (t.type, t.code) == ("circonscription", "circo-62-08")


def test_deputy_names_list_candidates_when_ambiguous(wh):
    surname = wh.execute(
        "select nom from depute where is_en_cours group by nom having count(*) > 1 order by nom limit 1"
    ).fetchone()
    if surname is None:
        pytest.skip("aucun homonyme parmi les députés en exercice")
    with pytest.raises(errors.AmbiguousTerritory) as info:
        circo_kind.resolve(wh, surname[0])
    assert len(info.value.candidates) >= 2


def test_a_five_character_code_is_the_commune(wh):
    t = resolver.resolve(wh, "62008")
    assert (t.type, t.code, t.nom) == ("commune", "62008", "Acquin-Westbécourt")


def test_commune_epci_and_ze_fiches_name_their_constituency(wh):
    arques = fiche_service.build(wh, resolver.resolve(wh, "62040")).circonscriptions
    assert [(c.circonscription_id, c.depute) for c in arques.circonscriptions] == [("circo-62-08", "Auguste Evrard")]
    epci = fiche_service.build(wh, resolver.resolve(wh, "200069037")).circonscriptions
    assert "circo-62-08" in {c.circonscription_id for c in epci.circonscriptions}
    ze = fiche_service.build(wh, resolver.resolve(wh, "3219")).circonscriptions
    assert "circo-62-08" in {c.circonscription_id for c in ze.circonscriptions}


def test_every_composition_code_is_mapped(wh):
    unmapped = wh.execute(
        "select code_commune from circonscription_commune_anomalie where anomalie = 'code_non_rattache'"
    ).fetchall()
    assert unmapped == []
    partiel = wh.execute(
        "select count(*) from staging.stg_insee_circonscriptions_legislatives__composition where is_partiel"
    ).fetchone()[0]
    assert partiel == 313


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("circo-62-99", "compte 12 circonscriptions (circo-62-01 à circo-62-12)"),
        ("circo-XX-01", "circo-DD-NN"),
        ("Narnia 2e circonscription", "Pas-de-Calais 8e circonscription"),
    ],
)
def test_bad_input_one_line_error_non_zero_exit(circo_warehouse, query, expected):
    result = subprocess.run(
        [sys.executable, "-m", "vigie_industrie", "territoire", query, "--warehouse", str(circo_warehouse)],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0
    output = (result.stdout + result.stderr).strip()
    assert expected in output
    assert "Traceback" not in output
    assert len(output.splitlines()) == 1, output


def test_api_list_and_fiche(circo_warehouse, tmp_path):
    from fastapi.testclient import TestClient

    from vigie_industrie.api.app import create_app
    from vigie_industrie.config import Settings

    client = TestClient(create_app(Settings(warehouse=circo_warehouse, env="test",
                                            database_url=f"sqlite:///{tmp_path / 'v.db'}")))
    listing = client.get("/api/v1/circonscriptions").json()
    assert listing["total"] == 577
    by_id = {c["circonscription_id"]: c for c in listing["circonscriptions"]}
    assert by_id["circo-62-08"]["depute"] == "Auguste Evrard"
    fiche = client.get("/api/v1/territoires/circo-62-08").json()
    assert fiche["circonscription"]["communes"]["nb_communes"] == 55
    assert client.get("/api/v1/circonscriptions/circo-62-08").json()["depute"]["depute"]["nom_affiche"] == "Auguste Evrard"
    contour = client.get("/api/v1/circonscriptions/circo-62-08/contour")
    assert contour.headers["content-type"].startswith("application/geo+json")
    body = contour.json()
    assert body["properties"]["attribution"] == "Contours : Regards Citoyens / Toxicode, ODbL"
    assert body["geometry"]["type"] in ("Polygon", "MultiPolygon")
    collection = client.get("/api/v1/circonscriptions/contours?departement=62").json()
    assert collection["attribution"] == "Contours : Regards Citoyens / Toxicode, ODbL"
    assert len(collection["features"]) == 12
    missing = client.get("/api/v1/circonscriptions/circo-62-99")
    assert missing.status_code == 404
    assert "12 circonscriptions" in missing.json()["detail"]
    assert json.loads(client.get("/api/v1/openapi.json").text)["paths"]["/api/v1/circonscriptions"]
