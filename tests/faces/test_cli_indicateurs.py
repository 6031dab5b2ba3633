"""`vigie indicateurs|comparer|classement` on the mirror warehouse: JSON contract, CSV, tables, errors."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .conftest import one_french_line, run

CONTRACT_KEYS = {"id", "libelle", "valeur", "unite", "periode", "source", "niveau", "couverture",
                 "rang_france", "rang_region", "valeur_region", "valeur_france"}


@pytest.fixture
def wh(warehouse_path):
    return ["--warehouse", str(warehouse_path)]


@pytest.fixture
def audomarois_perim(cli_store, wh, capsys, audomarois):
    code, out, err = run(["perimetre", "creer", "Audomarois", *sum((["-m", e] for e in audomarois["epci"]), []),
                          "--json", *wh], capsys)
    assert code == 0, err
    return json.loads(out)["code"]


def _json(capsys, *argv):
    code, out, err = run(list(argv), capsys)
    assert code == 0, err
    return json.loads(out)


def _by_id(answer):
    return {r["id"]: r for r in answer["indicateurs"] if r.get("dimension") is None}


def test_audomarois_population_is_the_sum_of_its_epci_from_the_mirror(audomarois_perim, wh, capsys, audomarois):
    answer = _json(capsys, "indicateurs", audomarois_perim, "--json", *wh)
    assert set(answer) == {"territoire", "annee", "indicateurs"}
    assert answer["territoire"]["code"] == audomarois_perim and answer["territoire"]["nb_communes"] == 89
    pop = _by_id(answer)["population"]
    assert pop["periode"] == "2023" and pop["niveau"] == "exact"
    assert pop["valeur"] == sum(audomarois["population_2023"].values()) == 128_316
    # and each EPCI asked on its own gives its share: the perimeter is their sum
    for siren, expected in audomarois["population_2023"].items():
        assert _by_id(_json(capsys, "indicateurs", siren, "--json", *wh))["population"]["valeur"] == expected


def test_json_keys_follow_the_contract_and_the_name_resolves(audomarois_perim, wh, capsys):
    answer = _json(capsys, "indicateurs", "audomarois", "--json", *wh)
    assert answer["territoire"]["type"] == "perimetre"
    assert answer["indicateurs"] and all(CONTRACT_KEYS <= set(r) for r in answer["indicateurs"])
    ids = {r["id"] for r in answer["indicateurs"]}
    assert {"population", "emploi_salarie_prive", "emploi_industriel"} <= ids


def test_estimates_say_so_in_json_and_table(wh, capsys):
    answer = _json(capsys, "indicateurs", "200069037", "--json", *wh)
    estimated = [r for r in answer["indicateurs"] if r["niveau"] == "estimation"]
    assert estimated and all(r["methode"] for r in estimated)
    code, out, _ = run(["indicateurs", "200069037", *wh], capsys)
    assert code == 0
    line = next(line for line in out.splitlines() if line.strip().startswith(estimated[0]["libelle"][:20]))
    assert "≈" in line and "estimation" in line
    assert "≈ estimation (" in out and estimated[0]["methode"][:30] in out.replace("\n", " ")
    assert "104\u202f207" in out  # population written the French way


def test_csv_parses_and_matches_json(wh, capsys):
    answer = _json(capsys, "indicateurs", "62", "--json", *wh)
    code, out, _ = run(["indicateurs", "62", "--csv", *wh], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == len(answer["indicateurs"])
    assert {r["code"] for r in rows} == {"62"} and rows[0]["nom"] == "Pas-de-Calais"
    pop = next(r for r in rows if r["indicateur"] == "population")
    assert float(pop["valeur"]) == _by_id(answer)["population"]["valeur"]


def test_annee_picks_the_latest_period_up_to_that_year(wh, capsys):
    answer = _json(capsys, "indicateurs", "200069037", "--annee", "2020", "-i", "population", "--json", *wh)
    assert answer["annee"] == 2020 and [r["periode"] for r in answer["indicateurs"]] == ["2020"]


def test_comparer_side_by_side_with_region_and_france(audomarois_perim, wh, capsys, audomarois):
    answer = _json(capsys, "comparer", *audomarois["epci"], audomarois_perim, "-i", "population", "--json", *wh)
    (pop,) = answer["indicateurs"]
    values = {v["code"]: v["valeur"] for v in pop["valeurs"]}
    assert values[audomarois_perim] == sum(values[e] for e in audomarois["epci"])
    assert [t["region"]["code"] for t in answer["territoires"]] == ["32", "32", "32"]
    assert pop["regions"][0]["nom"] == "Hauts-de-France" and pop["regions"][0]["valeur"] > values[audomarois_perim]
    assert pop["france"]["valeur"] > pop["regions"][0]["valeur"]
    code, out, _ = run(["comparer", *audomarois["epci"], "-i", "population", "--csv", *wh], capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["code"] for r in rows] == audomarois["epci"]
    code, out, _ = run(["comparer", *audomarois["epci"], audomarois_perim, *wh], capsys)
    assert code == 0 and "Région Hauts-de-France" in out and "France" in out


def test_comparer_table_shows_periods_and_no_column_twice(wh, capsys):
    """The table says which period each row is (one shared period goes with the indicator), and a
    région or France that is compared is not repeated as a reference column."""
    import re

    code, out, err = run(["comparer", "reg-32", "200069037", "fr", "-i", "population", "-i", "taux_chomage",
                          "--annee", "2022", *wh], capsys)
    assert code == 0, err
    header = next(line for line in out.splitlines() if "Indicateur" in line)
    columns = re.split(r"\s{2,}", header.strip())
    assert columns == ["Indicateur", "Hauts-de-France (32)", "CA du Pays de Saint-Omer (200069037)", "France (fr)"], header
    assert re.search(r"Population municipale \(habitants\) · 2022\s", out), out
    assert re.search(r"Taux de chômage localisé · 2022-T4\s", out), out
    answer = _json(capsys, "comparer", "reg-32", "200069037", "fr", "-i", "population", "--annee", "2022", "--json", *wh)
    (pop,) = answer["indicateurs"]
    assert {v["periode"] for v in pop["valeurs"]} == {"2022"}
    by_code = {v["code"]: v["valeur"] for v in pop["valeurs"]}
    plain = out.replace("\u202f", " ").replace("\xa0", " ")
    assert re.search(r"\b" + f"{int(by_code['32']):,}".replace(",", " ") + r"\b", plain)  # the région's own figure


def test_classement_regions_in_order(wh, capsys, mirror):
    answer = _json(capsys, "classement", "--type", "region", "--indicateur", "emploi_industriel", "--json", *wh)
    rows = answer["classement"]
    metro = {r["code"] for r in json.loads((mirror / "etalab-decoupage-administratif" / "regions_2026.json").read_text())
             if r["zone"] == "metro"}
    assert len(metro) == 13 and metro <= {r["code"] for r in rows}
    assert [r["rang"] for r in rows] == list(range(1, len(rows) + 1))
    values = [r["valeur"] for r in rows]
    assert values == sorted(values, reverse=True) and None not in values
    code, out, _ = run(["classement", "--type", "region", "--indicateur", "emploi_industriel", "--csv", "--limit", "3", *wh],
                       capsys)
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["code"] for r in parsed] == [r["code"] for r in rows[:3]]
    code, out, _ = run(["classement", "--type", "region", "--indicateur", "emploi_industriel", *wh], capsys)
    assert code == 0 and rows[0]["nom"] in out


def test_classement_ti_by_phase_and_region(wh, capsys):
    answer = _json(capsys, "classement", "--type", "ti", "--indicateur", "population", "--phase", "1", "--region", "32",
                   "--limit", "5", "--json", *wh)
    assert answer["phase"] == 1 and len(answer["classement"]) == 5
    assert all(r["phase"] == 1 and r["code"].startswith("ti-32") for r in answer["classement"])
    code, out, err = run(["classement", "--type", "ti", "--indicateur", "evolution_emploi_industriel_5ans_pct",
                          "--phase", "2", "--limit", "3", *wh], capsys)
    title = " ".join(out.split("┏")[0].split())  # the title, however the terminal wraps it
    assert code == 0 and title.startswith("Classement · Territoire d'industrie — "), (title, err)
    assert title.count("(%)") == 1, title  # the unit once


@pytest.mark.parametrize(("argv", "words"), [
    (["indicateurs", "200069037", "-i", "emploi_industrel"], ("emploi_industrel", "emploi_industriel")),
    (["indicateurs", "Saint-Omerr"], ("Noms proches", "Saint-Omer")),
    (["indicateurs", "200069037", "--json", "--csv"], ("s'excluent",)),
    (["indicateurs", "200069037", "--annee", "1789"], ("1789",)),
    (["comparer", "200069037"], ("au moins deux",)),
    (["classement", "--type", "inconnu", "--indicateur", "population"], ("inconnu", "epci, ze, ti")),
    (["classement", "--type", "ti", "--indicateur", "population", "--phase", "3"], ("--phase 3",)),
    (["classement", "--type", "epci", "--indicateur", "population", "--phase", "1"], ("Territoires d'industrie",)),
    (["classement", "--type", "region", "--indicateur", "inconnu_x"], ("inconnu_x",)),
    (["classement", "--type", "epci", "--indicateur", "population", "--region", "99"], ("--region", "Hauts-de-France")),
])
def test_bad_inputs_give_one_french_line(argv, words, wh, capsys, cli_store):
    code, _, err = run([*argv, *wh], capsys)
    assert code != 0
    one_french_line(err, *words)
