"""Impact figures recomputed independently from the raw mirror files (never from the warehouse).

A site of the Rouen extract (Le Trait, 76709: pharmaceutical industry, A38 CF) where the commune × APE
file is loaded, and the worked example of the README: 863 jobs in NAF 22.11Z at Béthune (62119), where
it is not (the mirror's commune × APE file covers the Rouen zone d'emploi only).
"""

from __future__ import annotations

import pytest

from tests.impact import _rouen
from tests.indicators._raw import mirror, rows
from vigie_industrie.impact import saisie, service

LE_TRAIT, METROPOLE_ROUEN = "76709", "200023414"


def _fig(answer, kind, fid, phase=None):
    t = next(t for t in answer.territoires if t.type == kind and (phase is None or t.phase == phase))
    return next(c for c in t.chiffres if c.id == fid)


@pytest.fixture(scope="module")
def le_trait(warehouse_path):
    from vigie_industrie.warehouse import connection

    con = connection.connect(warehouse_path)
    try:
        yield service.simuler(con, [saisie.site(naf="21.20Z", emplois=500, commune=LE_TRAIT)])
    finally:
        con.close()


@pytest.mark.parametrize("kind, code", [("commune", LE_TRAIT), ("epci", METROPOLE_ROUEN)])
def test_rouen_site_figures_match_the_raw_file(le_trait, kind, code):
    assert set(_rouen.communes_of(kind, code)) <= _rouen.covered(), "territory not wholly in the Rouen extract"
    raw = _rouen.figures(kind, code, "CF", 2022)
    ind = _fig(le_trait, kind, "emploi_industriel")
    assert (ind.valeur, ind.periode, ind.niveau) == (pytest.approx(raw["industrie"]), "2022", "exact")
    assert _fig(le_trait, kind, "part_perte_emploi_industriel").valeur == pytest.approx(100 * 500 / raw["industrie"], abs=1e-3)
    sec = _fig(le_trait, kind, "emploi_secteur")
    assert (sec.valeur, sec.niveau) == (pytest.approx(raw["secteur"]), "exact")
    assert _fig(le_trait, kind, "part_perte_secteur").valeur == pytest.approx(100 * 500 / raw["secteur"], abs=1e-3)
    assert _fig(le_trait, kind, "poids_secteur").valeur == pytest.approx(100 * raw["secteur"] / raw["total"], abs=1e-3)
    etab = _fig(le_trait, kind, "etablissements_secteur")
    assert (etab.valeur, etab.periode) == (raw["etablissements"], "2022")
    assert _fig(le_trait, kind, "etablissements_restants").valeur == raw["etablissements"] - 1
    # all-sector private employment: the re-user's URSSAF territory file, latest year
    private = _rouen.urssaf_private(kind, code)
    last = max(private)
    esp = _fig(le_trait, kind, "emploi_salarie_prive")
    assert (esp.valeur, esp.periode) == (private[last], str(last))
    assert _fig(le_trait, kind, "part_perte_emploi_salarie_prive").valeur == pytest.approx(100 * 500 / private[last], abs=1e-3)


def test_rouen_zone_is_not_wholly_in_the_extract_so_no_establishment_count(le_trait):
    etab = _fig(le_trait, "zone_emploi", "etablissements_secteur")
    assert etab.valeur is None and "ne couvre pas" in etab.note


def test_dated_closure_reads_the_year_before(warehouse_path):
    from vigie_industrie.warehouse import connection

    con = connection.connect(warehouse_path)
    try:
        answer = service.simuler(con, [saisie.site(naf="21.20Z", emplois=500, commune=LE_TRAIT)],
                                 date_fermeture=saisie.date_fermeture("2016-06-30"))
    finally:
        con.close()
    raw = _rouen.figures("commune", LE_TRAIT, "CF", 2015)
    ind = _fig(answer, "commune", "emploi_industriel")
    assert (ind.valeur, ind.periode) == (pytest.approx(raw["industrie"]), "2015")
    assert _fig(answer, "commune", "emploi_salarie_prive").valeur == _rouen.urssaf_private("commune", LE_TRAIT)[2015]
    assert answer.annee_reference == 2015


def test_scenario_sums_the_sites_of_each_territory(warehouse_path):
    from vigie_industrie.warehouse import connection

    con = connection.connect(warehouse_path)
    try:
        answer = service.simuler(con, saisie.scenario_text(
            "commune;naf;emplois;libelle\n76709;21.20Z;300;A\n76178;29.10Z;1000;B\n"))
    finally:
        con.close()
    epci = next(t for t in answer.territoires if t.type == "epci")
    assert answer.emplois_directs == 1300 and epci.emplois_perdus == 1300  # both in the Métropole
    raw = _rouen.figures("epci", METROPOLE_ROUEN, "CF", 2022)
    assert next(c for c in epci.chiffres if c.id == "part_perte_emploi_industriel").valeur == pytest.approx(100 * 1300 / raw["industrie"], abs=1e-3)
    communes = {t.code: t.emplois_perdus for t in answer.territoires if t.type == "commune"}
    assert communes == {LE_TRAIT: 300, "76178": 1000}


# --- the worked example: Béthune -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bethune(warehouse_path):
    from vigie_industrie.warehouse import connection

    con = connection.connect(warehouse_path)
    try:
        yield service.simuler(con, [saisie.site(naf="22.11Z", emplois=863, commune="62119")])
    finally:
        con.close()


def _ze_a38(code_ze: str, a38: str, col: str = "eff_24") -> float:
    return next(float(r[col]) for r in rows(mirror() / "ptod-emploi-ze-secteurs" / "urssaf_ze_a38.csv")
                if r["code_ze"] == code_ze and r["a38"] == a38)


def test_bethune_what_is_loaded_and_what_is_not(bethune):
    # commune × APE is not loaded for Béthune: no industrial or sector figure for the commune, said so
    ind = _fig(bethune, "commune", "emploi_industriel")
    assert ind.valeur is None and "commune × APE" in ind.note
    assert _fig(bethune, "commune", "etablissements_secteur").valeur is None
    # loaded: URSSAF private employment of the commune (all sectors), and the zone's sector tables
    private = _rouen.urssaf_private("commune", "62119")
    assert _fig(bethune, "commune", "emploi_salarie_prive").valeur == private[max(private)]
    assert _fig(bethune, "commune", "part_perte_emploi_salarie_prive").valeur == pytest.approx(100 * 863 / private[max(private)], abs=1e-3)
    sec = _fig(bethune, "zone_emploi", "emploi_secteur")
    assert (sec.valeur, sec.niveau) == (_ze_a38("3205", "CG"), "union de zones")
    assert _fig(bethune, "zone_emploi", "part_perte_secteur").valeur == pytest.approx(100 * 863 / _ze_a38("3205", "CG"), abs=1e-3)
    # EPCI and Territoires d'industrie: estimates, marked as such
    assert _fig(bethune, "epci", "emploi_secteur").niveau == "estimation"
    assert {t.phase for t in bethune.territoires if t.type == "territoire_industrie" and t.chiffres} == {1, 2}
    unavailable = {d.chiffre for d in bethune.disponibilite if not d.disponible}
    assert any("Commune Béthune" in c and "industriel" in c for c in unavailable)


def test_bethune_labour_force_estimate_recomputed_from_raw_files(bethune):
    estel = {int(r["year"]): float(r["emploi_total"]) for r in rows(mirror() / "ptod-emploi-ze-secteurs" / "estel_emploi_total_ze_1998_2023.csv")
             if r["code_ze"] == "3205"}
    ratio = next(float(r["eco_ratio_emplt_actoc_22"]) for r in rows(mirror() / "ptod-emploi-ze-secteurs" / "indicateurs_eco_ze.csv")
                 if r["code"] == "3205")
    taux = next(float(r["2023-T3"]) for r in rows(mirror() / "insee-zones-emploi-chomage" / "chomage_ze2020_trimestriel_2003T1-2023T3.csv")
                if r["ZE2020"] == "3205")
    expected = estel[2023] * 100 / ratio / (1 - taux / 100)
    assert len(bethune.chomage) == 1 and bethune.chomage[0].principale and bethune.chomage[0].emplois_perdus == 863
    by_id = {c.id: c for c in bethune.chomage[0].chiffres}
    assert by_id["taux_chomage"].valeur == taux and by_id["population_active"].niveau == "estimation"
    assert by_id["population_active"].valeur == pytest.approx(expected, abs=0.01)
    assert by_id["hausse_chomage_directs"].valeur == pytest.approx(100 * 863 / expected, abs=1e-3)
    central = next(m for m in bethune.multiplicateurs if m.choisi)
    assert central.id == "fabrique-industrie-2025"
    assert central.emplois_total == pytest.approx(863 * 2.34)
    assert central.hausse_chomage_points == pytest.approx(100 * 863 * 2.34 / expected, abs=1e-3)


def test_every_figure_cites_numbered_sources_and_assumptions(bethune):
    numbers = {s.numero for s in bethune.sources}
    hyps = {h.numero for h in bethune.hypotheses}
    for t in bethune.territoires:
        for c in t.chiffres:
            assert set(c.sources) <= numbers and c.sources and set(c.hypotheses) <= hyps and c.hypotheses, c
    for m in bethune.multiplicateurs:
        src = next(s for s in bethune.sources if s.numero == m.sources[0])
        assert src.publication is not None and src.publication.titre
    parlement = next(m for m in bethune.multiplicateurs if m.id == "parlement")
    assert parlement.statut == "hypothèse" and not parlement.choisi and parlement.role is None


def test_comparable_losses_are_real_past_windows(bethune):
    zone = next(t for t in bethune.comparables if t.id == "comparables_zone_emploi_3205")
    size = _fig(bethune, "zone_emploi", "emploi_industriel").valeur
    a5 = {r["code_ze"]: r for r in rows(mirror() / "ptod-emploi-ze-secteurs" / "urssaf_ze_a5.csv") if r["a5"] == "BE"}
    worst = sorted(((float(r["eff_22"]) - float(r["eff_19"]), code) for code, r in a5.items()
                    if r["eff_19"] and r["eff_22"] and size / 2 <= float(r["eff_19"]) <= size * 2
                    and float(r["eff_22"]) < float(r["eff_19"])))[:10]
    assert [(row["variation"], row["code"]) for row in zone.lignes] == [(pytest.approx(v), c) for v, c in worst]
    assert all(row["periode"] == "2019-2022" for row in zone.lignes)


def test_sites_in_two_zones_give_one_unemployment_block_each(warehouse_path):
    from vigie_industrie.warehouse import connection

    con = connection.connect(warehouse_path)
    try:
        answer = service.simuler(con, saisie.scenario_text("commune,naf,emplois\n62119,22.11Z,863\n76709,21.20Z,200\n"))
    finally:
        con.close()
    zones = [(b.zone_emploi.code, b.emplois_perdus, b.principale) for b in answer.chomage]
    assert zones == [("3205", 863, True), ("2815", 200, False)]
    pa = next(c.valeur for c in answer.chomage[0].chiffres if c.id == "population_active")
    central = next(m for m in answer.multiplicateurs if m.choisi)
    assert central.emplois_total == pytest.approx(1063 * 2.34)  # every site
    assert central.hausse_chomage_points == pytest.approx(100 * 863 * 2.34 / pa, abs=1e-3)  # the main zone's
