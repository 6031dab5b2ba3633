"""A custom perimeter's fiche (fiches/perimetre.py): same model, figures of its communes, CLI and API."""

from __future__ import annotations

import csv
import gzip
import json

from tests.cli_helpers import run
from tests.web.conftest import parse


def _communes(mirror) -> set[str]:
    with (mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv").open(encoding="utf-8") as f:
        return {r["code_commune"] for r in csv.DictReader(f) if r["siren_epci"] == "200069037"} | {"62139"}


def test_perimeter_fiche_is_its_communes(fiches, mirror):
    fiche = fiches["perimetre"]
    codes = _communes(mirror)
    assert fiche["type"] == "perimetre" and fiche["libelle_type"] == "Périmètre personnalisé"
    assert fiche["nb_communes"] == len(codes) == fiche["enfants"]["total"]
    pops = mirror / "insee-populations-legales-communes" / "populations_legales_communes_2016_2023_long.csv.gz"
    with gzip.open(pops, "rt", encoding="utf-8") as f:
        total = sum(int(r["population_municipale"]) for r in csv.DictReader(f)
                    if r["millesime_population"] == "2023" and r["code_commune"] in codes)
    population = next(c for c in fiche["chiffres_cles"] if c["id"] == "population")
    assert population["valeur"] == total and population["niveau"] == "exact"
    # Blendecques is in the CA du Pays de Saint-Omer: the perimeter is that EPCI's communes
    epci = next(c for c in (fiches["epci"]["chiffres_cles"]) if c["id"] == "population")
    assert epci["valeur"] != total  # a different territory (Béthune-Bruay): sanity of the sample
    assert [p["code"] for p in fiche["parents"]["liste"]] == ["62", "32"]
    assert fiche["territoires_industrie"]["labellise_phases"] == [1, 2]
    assert any(s["id"] == "taux_chomage" for b in fiche["blocs"] for s in b["series"])


def test_perimeter_figures_equal_indicators_api(client, fiches, perimetre_code):
    """The fiche and GET /territoires/perim-N/indicateurs (for_communes, latest) give the same figures.

    Two runs of the same SQL: DuckDB's parallel sums may differ in the last bit of a double.
    """
    import pytest

    answer = client.get(f"/api/v1/territoires/{perimetre_code}/indicateurs").json()
    latest = {i["id"]: i["valeur"] for i in answer["indicateurs"] if i.get("dimension") is None}
    for bloc in fiches["perimetre"]["blocs"]:
        for c in bloc["chiffres"]:
            if c["valeur"] is None:
                assert latest[c["id"]] is None, c["id"]
            else:
                assert latest[c["id"]] == pytest.approx(c["valeur"], rel=1e-12, abs=1e-12), c["id"]


def test_perimeter_page_has_charts_against_region_and_france(pages):
    tree = parse(pages["perimetre"])
    heads = [th.text(strip=True) for th in tree.css("#tableau-chomage thead th")]
    assert heads == ["Période", "Audomarois élargi", "Région Hauts-de-France", "France"]


def test_cli_territoire_perimeter(settings, perimetre_code, warehouse_path, capsys, monkeypatch):
    monkeypatch.setenv("VIGIE_DATABASE_URL", settings.database_url)
    code, out, err = run(["territoire", perimetre_code, "--json", "--warehouse", str(warehouse_path)], capsys)
    assert code == 0, err
    fiche = json.loads(out)
    assert fiche["code"] == perimetre_code and fiche["type"] == "perimetre"
    code, out, err = run(["territoire", "perim-99999", "--warehouse", str(warehouse_path)], capsys)
    assert code != 0 and "introuvable" in err and "Traceback" not in err
