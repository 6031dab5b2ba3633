"""Acceptance figures of the foundation, recomputed from the raw files of the mirror."""

from __future__ import annotations

import csv
import gzip
import json
from collections import Counter, defaultdict


def _rows(path, delimiter=","):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        yield from csv.DictReader(handle, delimiter=delimiter)


def test_territoire_counts_per_phase(con, mirror):
    expected = {}
    for phase, name in ((1, "ti_phase1_2018-2022_groupements.csv"), (2, "ti_phase2_2023-2027_groupements.csv")):
        expected[phase] = len({r["id_ti"] for r in _rows(mirror / "anct-territoires-industrie" / name)})
    assert expected == {1: 149, 2: 183}
    got = dict(con.execute("select phase, count(*) from territoire_industrie group by phase").fetchall())
    assert got == expected


def test_every_member_siren_resolves(con, mirror):
    folder = mirror / "etalab-decoupage-administratif"
    with gzip.open(folder / "epci_2026.json.gz", "rt", encoding="utf-8") as handle:
        known = {e["code"] for e in json.load(handle)}
    known |= {e["code"] for e in json.loads((folder / "ept_2026.json").read_text(encoding="utf-8"))}
    known |= {r["siren_commune"] for r in _rows(folder / "communes_epci_2026.csv")}
    members = set()
    for name in ("ti_phase1_2018-2022_groupements.csv", "ti_phase2_2023-2027_groupements.csv"):
        members |= {r["siren_groupement"].zfill(9) for r in _rows(mirror / "anct-territoires-industrie" / name)}
    assert members <= known
    kinds = dict(con.execute("select kind, count(*) from territoire_industrie_membre group by kind").fetchall())
    assert "inconnu" not in kinds
    assert kinds["ept"] == 6  # 3 EPT members in each phase
    assert con.execute("select count(*) from build_warning where message like 'Territoire%'").fetchone()[0] == 0


def test_blendecques_chain(con):
    row = con.execute(
        """
        select e.nom_epci,
            max(t.nom) filter (where t.phase = 1), max(t.nom) filter (where t.phase = 2)
        from commune c join epci e using (siren_epci)
        join commune_territoire_industrie ct using (code_commune)
        join territoire_industrie t using (territoire_id, phase)
        where c.code_commune = '62139' group by e.nom_epci
        """
    ).fetchone()
    assert row == ("CA du Pays de Saint-Omer", "Flandre - Saint-Omer", "Pays de Saint-Omer")


def test_pyrenees_orientales_phase2_epcis(con, mirror):
    epci_66 = {
        r["siren_epci"]
        for r in _rows(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv")
        if r["code_departement"] == "66" and r["siren_epci"]
    }
    phase2 = list(_rows(mirror / "anct-territoires-industrie" / "ti_phase2_2023-2027_groupements.csv"))
    in_phase2 = {r["siren_groupement"] for r in phase2 if r["siren_groupement"] in epci_66}
    territory = {r["lib_ti"] for r in phase2 if r["siren_groupement"] in epci_66}
    assert territory == {"Pyrénées Orientales"} and len(in_phase2) == 4
    got = {
        s
        for (s,) in con.execute(
            """
            select m.siren_membre from territoire_industrie_membre m join territoire_industrie t using (territoire_id, phase)
            where t.phase = 2 and t.nom = 'Pyrénées Orientales'
            """
        ).fetchall()
    }
    assert got == in_phase2


def test_lens_unemployment(con, mirror):
    raw = {
        r["ZE2020"]: r["2023-T3"]
        for r in _rows(mirror / "insee-zones-emploi-chomage" / "chomage_ze2020_trimestriel_2003T1-2023T3.csv")
    }
    assert float(raw["3215"]) == 10.6
    got = con.execute(
        "select taux_chomage from chomage_zone_emploi where code_ze = '3215' and trimestre = '2023-T3'"
    ).fetchone()[0]
    assert got == float(raw["3215"])


def test_rouen_industry_jobs(con, mirror):
    path = mirror / "urssaf-commune-ape-ze-rouen" / "etablissements-effectifs-salaries-commune-x-ape_ze-rouen_2006-2022.csv.gz"
    totals = defaultdict(float)
    for r in _rows(path, delimiter=";"):
        if r["Grand secteur d'activité"].startswith("GS1"):
            for year in (2006, 2022):
                value = r[f"Effectifs salariés {year}"]
                if value:
                    totals[year] += float(value)
    assert totals == {2006: 34523, 2022: 26532}
    got = dict(
        con.execute(
            "select annee, sum(effectifs_salaries) from emploi_salarie where code_grand_secteur = 'GS1' and annee in (2006, 2022) group by annee"
        ).fetchall()
    )
    assert got == totals


def test_codes_stay_strings(con):
    assert con.execute("select nom_commune from commune where code_commune = '2A004'").fetchone()[0] == "Ajaccio"
    assert con.execute("select count(*) from commune where code_commune = '01001'").fetchone()[0] == 1
    assert con.execute("select min(length(siren_epci)), max(length(siren_epci)) from epci").fetchone() == (9, 9)
    assert con.execute("select count(*) from zone_emploi where code_ze = '0051'").fetchone()[0] == 1
    assert con.execute("select count(*) from bodacc_jugement where length(siren) <> 9").fetchone()[0] == 0


def test_regional_parts_never_added_to_zones(con, mirror):
    estel = list(_rows(mirror / "ptod-emploi-ze-secteurs" / "estel_emploi_total_ze_1998_2023.csv"))
    parts = {r["ZER2020"] for r in _rows(mirror / "insee-zones-emploi-chomage" / "chomage_ze2020_parties_regionales_trimestriel_2003T1-2023T3.csv")}
    assert len(parts) == 28
    france_2023 = next(
        float(r["eff"]) for r in _rows(mirror / "ptod-emploi-ze-secteurs" / "estel_emploi_france_a5_1998_2023.csv")
        if r["year"] == "2023" and r["na5"] == "T"
    )
    metro_zones_2023 = sum(
        float(r["emploi_total"]) for r in estel
        if r["year"] == "2023" and r["code_ze"] not in parts and not r["code_ze"][:2] in ("01", "02", "03", "04", "06")
    )
    assert metro_zones_2023 == france_2023
    got = con.execute(
        """
        select sum(emploi) from emploi_total
        where source = 'INSEE ESTEL' and niveau = 'ze' and annee = 2023 and left(code, 2) not in ('01', '02', '03', '04', '06')
        """
    ).fetchone()[0]
    assert got == france_2023
    niveaux = {r[0] for r in con.execute(
        "select distinct niveau from emploi_total where source = 'INSEE ESTEL' and list_contains(?, code)", [sorted(parts)]
    ).fetchall()}
    assert niveaux == {"ze_partie_regionale"}


def test_naf_levels(con, mirror):
    rows = list(_rows(mirror / "insee-naf2008-niveaux" / "naf2008_sous_classes_niveaux_agreges.csv"))
    assert con.execute("select count(*) from naf").fetchone()[0] == len(rows) == 732
    assert dict(con.execute("select a17, count(*) from naf group by a17").fetchall()) == Counter(r["a17"] for r in rows)
    assert con.execute("select count(*) from naf where is_industrie").fetchone()[0] == sum(r["industrie_BE"] == "1" for r in rows)


def test_communes_outside_epci_and_density(con, mirror):
    outside = sum(1 for r in _rows(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv") if not r["siren_epci"])
    assert con.execute("select count(*) from commune where siren_epci is null").fetchone()[0] == outside
    grid = Counter(r["DENS"] for r in _rows(mirror / "insee-grille-densite-aav" / "grille_densite_7_niveaux_2024_geo2024.csv.gz"))
    got = dict(con.execute("select cast(densite as varchar), count(*) from commune_densite group by 1").fetchall())
    assert got == dict(grid)


def test_source_provenance_covers_every_raw_table(con):
    raw_tables = {r[0] for r in con.execute(
        "select 'raw.' || table_name from information_schema.tables where table_schema = 'raw'"
    ).fetchall()}
    recorded = {r[0] for r in con.execute("select table_brute from source_provenance").fetchall()}
    # The URSSAF commune × APE file is read into `<table>_fichier` (its lines) behind the recorded
    # long view `<table>` (sources/urssaf_commune_ape.py): the file as read belongs to that record.
    behind_a_view = {t for t in raw_tables if t.endswith("_fichier") and t.removesuffix("_fichier") in recorded}
    assert behind_a_view == {"raw.urssaf_commune_ape_fichier"}
    assert raw_tables - behind_a_view == recorded
    assert con.execute("select count(*) from source_provenance where sha256 is null or licence is null").fetchone()[0] == 0
