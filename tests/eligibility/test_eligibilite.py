"""Eligibility on the mirror warehouse: figures recomputed from the raw files, missing ≠ 0, no later data.

Perpignan (CU Perpignan Méditerranée Métropole, 200027183) and the four EPCI of the phase-2
territory « Pyrénées Orientales » are the issue's examples; their expected figures come from the
mirror's CSV files through tests/eligibility/_raw_eligibilite.py, never from the warehouse.
"""

from __future__ import annotations

import pytest

from tests.eligibility import _raw_eligibilite as raw
from tests.indicators import _raw
from vigie_industrie.eligibility import answers, criteres, features, labels, modele, score, validation
from vigie_industrie.observatoire import cible

PERPIGNAN = "200027183"
GRILLE = criteres.load()


@pytest.fixture(scope="module")
def po_epci():
    """The EPCI of « Pyrénées Orientales » (phase 2), from the ANCT groupings file."""
    return sorted(r["siren_groupement"] for r in raw.groupements(2) if r["lib_ti"] == "Pyrénées Orientales")


@pytest.fixture(scope="module")
def perpignan(warehouse_path):
    from vigie_industrie.warehouse import connection

    con = connection.connect(warehouse_path)
    try:
        yield answers.explication(con, PERPIGNAN, GRILLE)
    finally:
        con.close()


def _detail(answer):
    return {d["id"]: d for d in answer["detail"]}


def test_perpignan_lists_every_criterion_with_value_threshold_weight_and_source(perpignan):
    assert perpignan["territoire"]["nom"] == "CU Perpignan Méditerranée Métropole"
    detail = _detail(perpignan)
    assert list(detail) == [c.id for c in GRILLE.criteres]
    for c in GRILLE.criteres:
        d = detail[c.id]
        assert d["seuil"] == c.seuil and d["poids"] == c.poids and d["texte_officiel"] == c.texte_officiel
        assert d["source"]["url"].startswith("https://questions.assemblee-nationale.fr/") and d["source"]["date"] == "2019-04-16"
        assert d["indicateur"] == c.indicateur and d["verdict"] in ("rempli", "non rempli", "non évaluable")


def test_perpignan_figures_recomputed_from_raw_files(perpignan):
    communes = _raw.epci_communes()[PERPIGNAN]
    detail = _detail(perpignan)
    a5, fr5 = raw.estimate(communes, "a5", "24"), raw.france("a5", "24")
    assert detail["ecosysteme_dense"]["valeur"] == pytest.approx(a5["BE"], rel=5e-3)
    assert detail["ecosysteme_dense"]["periode"] == "2024" and detail["ecosysteme_dense"]["niveau"] == "estimation"
    ql = (a5["BE"] / sum(a5.values())) / (fr5["BE"] / sum(fr5.values()))
    assert detail["identite_industrielle"]["valeur"] == pytest.approx(ql, rel=5e-3)
    assert detail["savoir_faire"]["valeur"] == len(raw.specialised(communes, "24"))
    assert detail["periurbain_rural"]["valeur"] == pytest.approx(raw.hors_grands_poles(communes), rel=1e-9)
    be19 = raw.estimate(communes, "a5", "19")["BE"]
    tcam = 100 * ((a5["BE"] / be19) ** (1 / 5) - 1)
    assert detail["mutation_emploi_industriel"]["valeur"] == pytest.approx(tcam, abs=0.02)
    assert detail["mutation_emploi_industriel"]["periode"] == "2019-2024"
    # score recomputed from the notes: Σ poids × note / Σ poids évaluables
    evals = [d for d in perpignan["detail"] if d["note_critere"] is not None]
    assert perpignan["score"] == pytest.approx(100 * sum(d["poids"] * d["note_critere"] for d in evals)
                                               / sum(d["poids"] for d in evals))


def test_missing_indicator_is_not_assessable_never_zero(perpignan):
    d = _detail(perpignan)["taille_etablissements"]  # no commune × APE file for the Pyrénées-Orientales
    assert d["valeur"] is None and d["note_critere"] is None and d["contribution"] is None
    assert d["verdict"] == "non évaluable" and "commune × APE" in d["note"]
    assert perpignan["couverture"] == pytest.approx(10 / 11)


def test_pyrenees_orientales_labels_from_raw(con, po_epci):
    assert len(po_epci) == 4 and PERPIGNAN in po_epci
    phase1 = {r["siren_groupement"] for r in raw.groupements(1)}
    assert not phase1 & set(po_epci), "the four entered only in phase 2"
    lab = {r["code"]: r for r in labels.of(con, po_epci)}
    assert all(lab[c]["labellise_phase2"] and not lab[c]["labellise_phase1"] for c in po_epci)
    pop = validation.population("phase2_nouveaux", labels.of(con))
    assert all(pop[c] for c in po_epci), "the four are positives of the phase-2 newcomers split"


def test_group_of_the_four_epci_is_scored_as_one_perimeter(con, po_epci):
    answer = answers.explication(con, ",".join(po_epci), GRILLE)
    assert answer["territoire"]["type"] == "groupe" and len(answer["territoire"]["membres"]) == 4
    detail = _detail(answer)
    assert list(detail) == [c.id for c in GRILLE.criteres]
    assert all(d["seuil"] is not None and d["poids"] is not None and d["source"]["id"] == "qe-17519" for d in detail.values())
    communes = [c for e in po_epci for c in _raw.epci_communes()[e]]
    assert detail["ecosysteme_dense"]["valeur"] == pytest.approx(raw.estimate(communes, "a5", "24")["BE"], rel=5e-3)
    assert detail["periurbain_rural"]["valeur"] == pytest.approx(raw.hors_grands_poles(communes), rel=1e-9)


def test_stored_perimeter_is_scored_on_its_communes(con, po_epci):
    class Membre:
        def __init__(self, code):
            self.code = code

        def model_dump(self):
            return {"code": self.code, "type": "epci", "nom": self.code}

    class Perimetre:
        code, nom, membres = "perim-7", "Roussillon test", [Membre(c) for c in po_epci[:2]]

    class Lookup:
        def by_id(self, ident):
            assert ident == 7
            return Perimetre()

    answer = answers.explication(con, "perim-7", GRILLE, lookup=Lookup())
    assert answer["territoire"]["code"] == "perim-7" and len(answer["detail"]) == len(GRILLE.criteres)
    communes = [c for e in po_epci[:2] for c in _raw.epci_communes()[e]]
    assert _detail(answer)["periurbain_rural"]["valeur"] == pytest.approx(raw.hors_grands_poles(communes), rel=1e-9)


def test_validation_reads_no_figure_published_after_the_decision(con, po_epci):
    """Rows read by the dated scoring and by the model matrix: none published after the decision year.

    A sample of EPCI (every 8th, plus the four of the Pyrénées-Orientales): the filter is per row.
    """
    codes = sorted({r[0] for r in con.execute("select siren_epci from epci order by siren_epci").fetchall()[::8]} | set(po_epci))
    feats = score.features_of(con, codes=codes)
    assert max(r["disponible"] for r in feats) >= 2025, "the warehouse does hold later figures"
    for decision in (2018, 2023):
        read = [r for r in score.detail(con, GRILLE, score.Cible(codes=codes), decision=decision) if r["valeur"] is not None]
        assert read and max(r["disponible"] for r in read) <= decision
        assert all(r["annee"] + features.lag(r["indicateur"]) == r["disponible"] for r in read)
        frame, lus = modele.matrix(feats, decision)
        assert lus <= decision and len(frame) > 100


# Census RP A (five surveys centred on A) is published mid A+3 (INSEE calendar): the re-user's columns
# *_11, *_16, *_22 of indicateurs_eco_epci.csv are RP 2011, 2016, 2022.
CENSUS_COLUMNS = {yy: [f"eco_sect{k}_pct_{yy}" for k in ("const", "servi", "admin", "indus", "agri")] for yy in ("11", "16", "22")}


@pytest.mark.parametrize("decision", [2018, 2023])
def test_later_figures_changed_do_not_change_a_dated_score(con, po_epci, decision):
    """Replace every value published after the decision by nonsense, in the marts *and* in the re-user's
    census file the derived features read: the dated scores must not move."""
    codes = sorted({r[0] for r in con.execute("select siren_epci from epci order by siren_epci").fetchall()[::8]} | set(po_epci))
    later = f"({features.disponible_sql()}) > {decision}"
    garbled = ("(select * replace (case when " + later + " then -1e9 else valeur end as valeur) from indicateur_valeur "
               "where type = 'epci' and list_contains($codes, code))")
    names = {d[0] for d in con.execute(f"describe {features.RECENSEMENT}").fetchall()}
    late = [c for yy, cs in CENSUS_COLUMNS.items() if 2000 + int(yy) + 3 > decision for c in cs if c in names]
    assert late
    replaced = ", ".join(f"'-1000' as {c}" for c in late)
    census = f"(select * replace ({replaced}) from {features.RECENSEMENT})"
    p = {**score.params(GRILLE, decision), "codes": codes}

    def run(valeurs, recensement=features.RECENSEMENT):
        sql = score._sql(score.EPCI_CROSSWALK, valeurs, score.TOTAUX, recensement)
        return {r["code"]: r["score"] for r in score._dicts(con.execute(sql, p))}

    clean = run(score.EPCI_VALEURS)
    assert sum(v is not None for v in clean.values()) > 100, "the dated scores are computed for most EPCI"
    assert run(garbled, census) == clean
    p["decision"] = None
    assert run(garbled, census) != run(score.EPCI_VALEURS), "without a decision year the garbled figures are read"


def test_python_recombination_equals_sql_score(con):
    """The weight tuning recombines the SQL notes in numpy: same formula, same scores."""
    import numpy as np

    from vigie_industrie.eligibility import ajustement

    sample = [r[0] for r in con.execute("select siren_epci from epci order by siren_epci").fetchall()[::5]]
    codes, ids, mat, _ = ajustement.notes(con, GRILLE, "phase2_nouveaux", codes=sample)
    assert len(codes) > 100
    sql = {r["code"]: r["score"] for r in score.totaux(con, GRILLE, codes=sample, decision=2023)}
    mine = ajustement.combine(mat, [c.poids for c in GRILLE.criteres])
    got = np.array([np.nan if sql[c] is None else sql[c] for c in codes])
    assert np.allclose(mine, got, equal_nan=True)


def test_unknown_name_proposes_close_names(con):
    with pytest.raises(cible.TerritoireInconnu) as exc:
        answers.explication(con, "Perpignan Métropole Zzz", GRILLE)
    assert "Noms proches" in str(exc.value)


def test_specialised_sectors_of_the_latest_year_are_those_of_the_sector_mart(con):
    """derives.sql counts the specialised A38 sectors every year (the dated validation reads 2022), with
    the same zone allocation as indicators/sql/secteurs.sql, whose mart keeps the latest year only: at
    that year both must give the same count (location quotient ≥ 1.5 and ≥ 100 jobs)."""
    sample = [r[0] for r in con.execute("select siren_epci from epci order by siren_epci").fetchall()[::10]]
    mart = dict(con.execute("""
        select q.code, count(*) filter (where q.valeur >= 1.5 and e.valeur >= 100)
        from indicateur_valeur as q
        join indicateur_valeur as e
            on e.type = q.type and e.code = q.code and e.indicateur = 'emploi_salarie_secteur'
            and e.dimension = q.dimension and e.annee = q.annee
        where q.type = 'epci' and q.indicateur = 'quotient_localisation_industrie' and q.dimension is not null
            and q.niveau <> 'exact' and list_contains(?, q.code)
        group by q.code""", [sample]).fetchall())
    latest = con.execute("select max(annee) from emploi_ze_secteur where source = 'URSSAF'").fetchone()[0]
    derived = {r["code"]: r["valeur"] for r in score.features_of(con, codes=sample)
               if r["indicateur"] == "nb_secteurs_industriels_specialises" and r["annee"] == latest}
    assert len(mart) > 100 and sum(mart.values()) > 100
    assert {c: derived.get(c) for c in mart} == {c: float(n) for c, n in mart.items()}
