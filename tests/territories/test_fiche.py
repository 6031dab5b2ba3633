"""Fiche content on real data, compared with independent queries and raw files."""

from __future__ import annotations

import csv
import gzip
import json

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from vigie_industrie.territories import fiche, resolver, service

FICHE_KEYS = {
    "type", "libelle_type", "code", "nom", "phase", "notes", "nb_communes", "population", "parents", "enfants",
    "territoires_industrie", "zones_emploi", "emploi_total", "emploi_salarie_secteurs",
}


def test_fiche_keys_are_stable(con):
    f = service.fiche_with(con, "62139")
    assert FICHE_KEYS <= set(f)
    json.dumps(f)  # serialisable as is


def test_blendecques_fiche(con):
    f = service.fiche_with(con, "62139")
    assert [p["nom"] for p in f["parents"]["liste"] if p["type"] == "epci"] == ["CA du Pays de Saint-Omer"]
    ti = f["territoires_industrie"]
    assert [t["nom"] for t in ti["phase_1"]] == ["Flandre - Saint-Omer"]
    assert [t["nom"] for t in ti["phase_2"]] == ["Pays de Saint-Omer"]
    assert [z["code_ze"] for z in f["zones_emploi"]["zones"]] == ["3219"]
    for block in ("population", "territoires_industrie", "zones_emploi", "emploi_total"):
        assert f[block]["sources"], block


def test_lens_zone_fiche(con, mirror):
    f = service.fiche_with(con, "3215")
    zone = f["zones_emploi"]["zones"][0]
    assert (zone["trimestre"], zone["taux_chomage"]) == ("2023-T3", 10.6)
    path = mirror / "insee-zones-emploi-chomage" / "chomage_ze2020_trimestriel_2003T1-2023T3.csv"
    with open(path, encoding="utf-8-sig") as handle:
        lens = next(r for r in csv.DictReader(handle) if r["ZE2020"] == "3215")
    assert zone["evolution_4_trimestres_points"] == round(10.6 - float(lens["2022-T3"]), 2)
    assert zone["evolution_20_trimestres_points"] == round(10.6 - float(lens["2018-T3"]), 2)
    estel = f["emploi_total"]["estel_total"]
    assert (estel[0]["annee"], estel[0]["emploi"], estel[-1]["annee"], estel[-1]["emploi"]) == (1998, 97039, 2023, 124228)
    assert f["emploi_salarie_secteurs"]["niveau"].startswith("zone d'emploi")


def test_rouen_metropole_uses_commune_ape(con, mirror):
    f = service.fiche_with(con, "200023414")
    sect = f["emploi_salarie_secteurs"]
    assert sect["niveau"] == "commune × APE (URSSAF)"
    communes = {c for (c,) in con.execute("select code_commune from commune where siren_epci = '200023414'").fetchall()}
    path = mirror / "urssaf-commune-ape-ze-rouen" / "etablissements-effectifs-salaries-commune-x-ape_ze-rouen_2006-2022.csv.gz"
    total_2022 = 0.0
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for r in csv.DictReader(handle, delimiter=";"):
            if r["Code commune"] in communes and r["Effectifs salariés 2022"]:
                total_2022 += float(r["Effectifs salariés 2022"])
    assert next(s["total"] for s in sect["serie"] if s["annee"] == 2022) == total_2022


def test_territory_outside_commune_ape_extract_says_so(con):
    f = service.fiche_with(con, "200069037")
    sect = f["emploi_salarie_secteurs"]
    assert sect["niveau"].startswith("zone d'emploi") and "Saint-Omer" in sect["avertissement"]


def test_multi_zone_territory_weights_unemployment(con):
    f = service.fiche_with(con, "62")
    zones = [z for z in f["zones_emploi"]["zones"] if z["taux_chomage"] is not None]
    assert len(zones) > 1
    expected = sum(z["taux_chomage"] * z["population"] for z in zones) / sum(z["population"] for z in zones)
    assert f["zones_emploi"]["taux_pondere"]["taux_chomage"] == round(expected, 2)


def test_epci_total_employment_matches_source_level(con, mirror):
    f = service.fiche_with(con, "200069037")
    with gzip.open(mirror / "ptod-emploi-ze-secteurs" / "urssaf_effectifs_total_par_territoire_2014_2024.csv.gz", "rt") as h:
        raw = {int(r["year"]): float(r["eff_total"]) for r in csv.DictReader(h) if r["echelon"] == "epci" and r["code"] == "200069037"}
    assert {s["annee"]: s["emploi"] for s in f["emploi_total"]["urssaf_prive"]} == raw


def test_sector_aggregation_is_additive(con):
    """The fiche of a union of communes sums the communes' own figures (commune × APE)."""
    rouen = [c for (c,) in con.execute("select code_commune from emploi_salarie_perimetre order by 1").fetchall()]

    @hsettings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(st.sampled_from(rouen), min_size=1, max_size=8, unique=True))
    def check(subset):
        block = fiche._secteurs_commune_ape(con, subset, covered=len(subset))
        if block is None:
            return
        for row in block["serie"]:
            parts = [
                con.execute(
                    "select sum(effectifs_salaries) from emploi_salarie where code_commune = ? and annee = ?",
                    [c, row["annee"]],
                ).fetchone()[0]
                for c in subset
            ]
            known = [p for p in parts if p is not None]
            assert row["total"] == (sum(known) if known else None)

    check()


def test_every_epci_fiche_builds(con):
    sirens = [s for (s,) in con.execute("select siren_epci from epci using sample reservoir(25 rows) repeatable (7)").fetchall()]
    for siren in sirens:
        t = resolver.resolve(con, siren)
        f = fiche.build(con, t)
        assert f["nb_communes"] == con.execute("select count(*) from commune where siren_epci = ?", [siren]).fetchone()[0]


def test_sector_block_keys_do_not_depend_on_the_data(con):
    """Stable JSON keys: the years are values (`annees`), never part of a key."""
    for query in ("200023414", "3215"):
        sect = service.fiche_with(con, query)["emploi_salarie_secteurs"]
        assert len(sect["annees"]) == 2
        for row in sect["top5_a38"]:
            assert set(row) == {"a38", "libelle", "effectifs_debut", "effectifs_fin", "evolution_pct"}
