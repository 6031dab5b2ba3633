"""Page figures against the official files of the mirror, recomputed here without the warehouse."""

from __future__ import annotations

import csv
import gzip

from tests.web.conftest import parse


def _card(html: str, indicator: str) -> float:
    node = parse(html).css_first(f'.vigie-chiffre[data-indicateur="{indicator}"] data')
    return float(node.attributes["value"])


def test_epci_population_is_the_sum_of_its_communes(pages, mirror):
    base = mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv"
    with base.open(encoding="utf-8") as f:
        codes = {r["code_commune"] for r in csv.DictReader(f) if r["siren_epci"] == "200072460"}
    pops = mirror / "insee-populations-legales-communes" / "populations_legales_communes_2016_2023_long.csv.gz"
    with gzip.open(pops, "rt", encoding="utf-8") as f:
        total = sum(int(r["population_municipale"]) for r in csv.DictReader(f)
                    if r["millesime_population"] == "2023" and r["code_commune"] in codes)
    assert len(codes) == 100
    assert _card(pages["epci"], "population") == total


def test_zone_emploi_unemployment_is_insee_quarter(pages, mirror):
    path = mirror / "insee-zones-emploi-chomage" / "chomage_ze2020_trimestriel_2003T1-2023T3.csv"
    with path.open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f) if r["ZE2020"] == "3215")
    assert _card(pages["zone_emploi"], "taux_chomage") == float(row["2023-T3"])


def test_circonscription_deputy_is_the_rne_line(pages, mirror):
    path = mirror / "insee-circonscriptions-legislatives" / "rne_elus_deputes.csv"
    with path.open(encoding="utf-8") as f:
        row = next(r for r in csv.DictReader(f, delimiter=";") if r["Code de la circonscription législative"] == "6208")
    shown = parse(pages["circonscription"]).css_first(".vigie-depute").text(strip=True)
    assert shown.casefold() == f"{row['Prénom de l’élu'] if 'Prénom de l’élu' in row else row[next(k for k in row if k.startswith('Prénom'))]} {row[next(k for k in row if k.startswith('Nom'))]}".casefold()


def test_ti_labels_are_the_anct_groupements(pages, mirror):
    names = []
    for phase, name in ((1, "ti_phase1_2018-2022_groupements.csv"), (2, "ti_phase2_2023-2027_groupements.csv")):
        with (mirror / "anct-territoires-industrie" / name).open(encoding="utf-8") as f:
            names += [(phase, r["lib_ti"]) for r in csv.DictReader(f) if r["siren_groupement"] == "200072460"]
    tree = parse(pages["epci"])
    shown = [(int(ul.attributes["data-phase"]), a.text(strip=True)) for ul in tree.css("ul.vigie-ti") for a in ul.css("li > a:first-child")]
    assert shown == names and len(names) == 2
