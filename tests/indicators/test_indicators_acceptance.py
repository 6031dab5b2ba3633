"""Issue 11 acceptance, recomputed from the raw files of the mirror (tests/indicators/_raw.py)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import pytest

from tests.indicators import _raw
from vigie_industrie.indicators import registry, service
from vigie_industrie.territories.model import Territoire

ROUEN = "200023414"  # Métropole Rouen Normandie
SEPT_VALLEES = "200044030"
COM_REGIONS = {"975", "977", "978", "984", "986", "987", "988", "989"}


def _value(con, type_, code, indicateur, periode, dimension=None):
    return con.execute(
        "select valeur, niveau, source, methode, note from indicateur_valeur where type = ? and code = ? "
        "and indicateur = ? and periode = ? and dimension is not distinct from ?",
        [type_, code, indicateur, periode, dimension],
    ).fetchone()


def test_commune_nouvelle_in_one_zone_with_its_population_once(con):
    for code, expected_pop in (("93066", 149_077), ("62447", 4_480)):
        assert _raw.population(code) == expected_pop
        rows = con.execute(
            "select z.code_ze, sum(c.population) from territoire_commune tc join commune c using (code_commune) "
            "join commune_zone_emploi_cog2026 z using (code_commune) where tc.type = 'commune' and tc.code = ? group by 1",
            [code],
        ).fetchall()
        assert rows == [(_raw.zone_of()[code][0], expected_pop)]


def test_every_commune_in_exactly_one_zone_departement_region(con):
    counts = con.execute(
        "select type, code_commune, count(*) from territoire_commune "
        "where type in ('zone_emploi', 'departement', 'region', 'france') group by all"
    ).fetchall()
    by_type = defaultdict(dict)
    for type_, commune, n in counts:
        by_type[type_][commune] = n
    current = _raw.cog()["current"]
    for type_ in ("departement", "region"):
        assert by_type[type_] == {c: 1 for c in current}, type_
    in_france = {c: 1 for c, info in current.items() if info["region"] not in COM_REGIONS}
    assert by_type["france"] == in_france  # métropole and DROM: not the collectivités d'outre-mer
    assert by_type["zone_emploi"] == in_france
    got = dict(con.execute("select code_commune, code from territoire_commune where type = 'zone_emploi'").fetchall())
    assert got == {c: z for c, (z, _p) in _raw.zone_of().items() if c in current}


def test_france_is_insee_france_and_the_com_are_not_ranked_with_regions(con):
    """France's population is that of the raw file without the collectivités d'outre-mer (codes
    975, 977, 978, 98x), as INSEE counts it; régions are ranked among 18, départements among 101,
    and a COM keeps its own figures, outside the rankings."""
    pop = Counter()
    for r in _raw.rows(_raw.mirror() / "insee-populations-legales-communes" / "populations_legales_communes_2016_2023_long.csv.gz"):
        if r["millesime_population"] == "2023" and r["population_municipale"]:
            com = r["code_commune"][:3] in COM_REGIONS or r["code_commune"].startswith("98")
            pop["com" if com else "france"] += int(r["population_municipale"])
    assert pop["france"] == 68_350_798 and pop["com"] > 500_000
    assert _value(con, "france", "fr", "population", "2023")[0] == pop["france"]
    ranked = dict(con.execute(
        "select type, max(nb_france) from indicateur_comparaison where indicateur = 'population' and periode = '2023' "
        "and type in ('region', 'departement') group by 1").fetchall())
    assert ranked == {"region": 18, "departement": 101}
    hdf = service.values(con, Territoire("region", "32", "Hauts-de-France"), annee=2023, ids=["population"])[0]
    assert hdf["nb_france"] == 18 and hdf["valeur_france"] == pop["france"]
    caledonie = service.values(con, Territoire("region", "988", "Nouvelle-Calédonie"), annee=2023, ids=["population"])[0]
    assert caledonie["valeur"] > 200_000 and caledonie["rang_france"] is None
    classement = service.ranking(con, "region", "population", annee=2023)
    assert len(classement) == 18 and "988" not in {r["code"] for r in classement}


def test_reestablished_communes_have_their_parent_zone_and_a_note(con):
    rows = con.execute(
        "select code_commune, code_ze, note from commune_zone_emploi_cog2026 where list_contains(?, code_commune)",
        [sorted(_raw.RETABLIES)],
    ).fetchall()
    assert len(rows) == 7
    for code, ze, note in rows:
        assert ze == _raw.zone_of()[_raw.RETABLIES[code]][0] and "rétablie" in note


def _weighted_rate(communes, quarter, parts=False):
    rates = {}
    for r in _raw.rows(_raw.mirror() / "insee-zones-emploi-chomage" / "chomage_ze2020_trimestriel_2003T1-2023T3.csv"):
        if r[quarter]:
            rates[r["ZE2020"]] = float(r[quarter])
    if parts:
        for r in _raw.rows(_raw.mirror() / "insee-zones-emploi-chomage" / "chomage_ze2020_parties_regionales_trimestriel_2003T1-2023T3.csv"):
            if r[quarter]:
                rates[r["ZER2020"]] = float(r[quarter])
    weights = Counter()
    for c in communes:
        if c in _raw.zone_of():
            ze, partie = _raw.zone_of()[c]
            weights[partie if parts and partie else ze] += _raw.population(c)
    num = sum(rates[u] * w for u, w in weights.items() if u in rates)
    den = sum(w for u, w in weights.items() if u in rates)
    return num / den


def test_weighted_unemployment_of_the_epci_with_communes_nouvelles(con):
    merged = {cur for old, cur in _raw.cog()["old"].items() if old != cur}
    in_composition = Counter(
        _raw.cog()["old"].get(r["CODGEO"])
        for r in _raw.rows(_raw.mirror() / "insee-zones-emploi-chomage" / "ze2020_composition_communale_cog2023.csv")
    )
    twice = {c for c, n in in_composition.items() if c and n > 1 and c in merged}
    assert len(twice) == 57
    epcis = {e for e, communes in _raw.epci_communes().items() if twice & set(communes)}
    assert len(epcis) == 54  # the issue counted 48; every EPCI holding one of the 57 communes is checked

    for e in sorted(epcis):
        got = _value(con, "epci", e, "taux_chomage", "2023-T3")
        assert got[0] == pytest.approx(round(_weighted_rate(_raw.epci_communes()[e], "2023-T3"), 2), abs=0.006), e




def test_private_employment_rebased_to_current_communes(con):
    totals = Counter()
    for r in _raw.rows(_raw.mirror() / "ptod-emploi-ze-secteurs" / "urssaf_effectifs_total_par_territoire_2014_2024.csv.gz"):
        if r["echelon"] == "communes" and r["year"] == "2022" and r["eff_total"]:
            totals[_raw.cog()["old"][r["code"]]] += float(r["eff_total"])
    expected = sum(totals[c] for c in _raw.epci_communes()[SEPT_VALLEES])
    assert expected == 5104
    assert _value(con, "epci", SEPT_VALLEES, "emploi_salarie_prive", "2022")[0] == expected
    # every total is a sum of communes: the Pas-de-Calais and France too
    pdc = sum(v for c, v in totals.items() if _raw.cog()["current"][c]["departement"] == "62")
    assert _value(con, "departement", "62", "emploi_salarie_prive", "2022")[0] == pdc
    assert _value(con, "france", "fr", "emploi_salarie_prive", "2022")[0] == sum(totals.values())


def _industry_by_year(communes: set[str]):
    naf = {r["naf5_sans_point"]: (r["a38"], r["industrie_BE"] == "1")
           for r in _raw.rows(_raw.mirror() / "insee-naf2008-niveaux" / "naf2008_sous_classes_niveaux_agreges.csv")}
    path = _raw.mirror() / "urssaf-commune-ape-ze-rouen" / "etablissements-effectifs-salaries-commune-x-ape_ze-rouen_2006-2022.csv.gz"
    by_sector = defaultdict(float)  # (year, a38) → jobs
    for r in _raw.rows(path, delimiter=";"):
        if _raw.cog()["old"].get(r["Code commune"]) not in communes:
            continue
        a38, industrie = naf[r["Code APE"]]
        for year in (2006, 2019, 2022):
            v = r[f"Effectifs salariés {year}"]
            if v and industrie:
                by_sector[year, a38] += float(v)
    return by_sector


def test_rouen_metropole_industry_2006_2022_and_shift_share(con):
    communes = set(_raw.epci_communes()[ROUEN])
    by_sector = _industry_by_year(communes)
    for year in (2006, 2022):
        expected = sum(v for (y, _s), v in by_sector.items() if y == year)
        got = _value(con, "epci", ROUEN, "emploi_industriel", str(year))
        assert got[0] == pytest.approx(expected) and got[1] == "exact" and got[2] == "urssaf-commune-ape-ze-rouen"
    # shift-share 2019-2022 against France = sum of the zones of the URSSAF ZE × A38 table
    france = defaultdict(float)
    for r in _raw.rows(_raw.mirror() / "ptod-emploi-ze-secteurs" / "urssaf_ze_a38.csv"):
        if r["a5"] == "BE":
            for year, col in ((2019, "eff_19"), (2022, "eff_22")):
                if r[col]:
                    france[year, r["a38"]] += float(r[col])
    sectors = sorted({s for (_y, s) in france})
    g_fr = sum(france[2022, s] for s in sectors) / sum(france[2019, s] for s in sectors) - 1
    e0 = {s: by_sector.get((2019, s), 0.0) for s in sectors}
    e1 = {s: by_sector.get((2022, s), 0.0) for s in sectors}
    variation = sum(e1.values()) - sum(e0.values())
    national = sum(e0.values()) * g_fr
    structurel = sum(e0[s] * (france[2022, s] / france[2019, s] - 1 - g_fr) for s in sectors)
    got = {i: _value(con, "epci", ROUEN, i, "2019-2022")[0]
           for i in ("shift_share_variation", "shift_share_national", "shift_share_structurel", "shift_share_local")}
    assert got["shift_share_variation"] == pytest.approx(variation)
    assert got["shift_share_national"] == pytest.approx(national)
    assert got["shift_share_structurel"] == pytest.approx(structurel)
    assert got["shift_share_local"] == pytest.approx(variation - national - structurel)


def test_shift_share_effects_sum_to_the_observed_change(con):
    worst = con.execute(
        """
        select max(abs(v - (n + s + l))) from (
            select type, code, phase, periode,
                max(valeur) filter (where indicateur = 'shift_share_variation') as v,
                max(valeur) filter (where indicateur = 'shift_share_national') as n,
                max(valeur) filter (where indicateur = 'shift_share_structurel') as s,
                max(valeur) filter (where indicateur = 'shift_share_local') as l,
            from indicateur_valeur where indicateur like 'shift_share_%' group by all
        )
        """
    ).fetchone()[0]
    assert worst is not None and worst < 1e-6


def _zone_industry_2022():
    be, total = {}, defaultdict(float)
    for r in _raw.rows(_raw.mirror() / "ptod-emploi-ze-secteurs" / "urssaf_ze_a5.csv"):
        if r["eff_22"]:
            total[r["code_ze"]] += float(r["eff_22"])
            if r["a5"] == "BE":
                be[r["code_ze"]] = float(r["eff_22"])
    return be, total


@pytest.mark.parametrize("type_, code, key", [("region", "32", "region"), ("departement", "62", "departement")])
def test_region_and_departement_own_industry_2022(con, type_, code, key):
    be, total = _zone_industry_2022()
    zone_pop, own_pop = Counter(), Counter()
    for c, (ze, _p) in _raw.zone_of().items():
        if c not in _raw.cog()["current"]:
            continue
        zone_pop[ze] += _raw.population(c)
        if _raw.cog()["current"][c][key] == code:
            own_pop[ze] += _raw.population(c)
    whole = all(own_pop[z] == zone_pop[z] for z in own_pop)
    share = {z: 1.0 if whole else own_pop[z] / zone_pop[z] for z in own_pop}
    industrie = sum(be[z] * s for z, s in share.items() if z in be)
    part = 100 * industrie / sum(total[z] * s for z, s in share.items() if z in be)
    national = 100 * industrie / sum(be.values())
    niveau = "union de zones" if whole else "estimation"
    for indicateur, expected in (("emploi_industriel", industrie), ("part_industrie", part),
                                 ("part_emploi_industriel_national", national)):
        valeur, got_niveau, source, methode, _note = _value(con, type_, code, indicateur, "2022")
        assert valeur == pytest.approx(expected), indicateur
        assert got_niveau == niveau and source == "ptod-emploi-ze-secteurs" and methode
    t = Territoire(type_, code, "")
    got = {v["id"]: v for v in service.values(con, t, annee=2022, ids=["emploi_industriel", "part_industrie"])}
    assert got["emploi_industriel"]["valeur"] == pytest.approx(industrie) and got["emploi_industriel"]["niveau"] == niveau
    assert got["emploi_industriel"]["valeur_france"] == pytest.approx(sum(be.values()))


def test_audomarois_perimeter_population_is_the_sum_of_its_epci(con):
    epcis = [e for (e,) in con.execute(
        "select siren_epci from epci where nom_epci in ('CA du Pays de Saint-Omer', 'CC du Pays de Lumbres')"
    ).fetchall()]
    assert len(epcis) == 2
    communes = [c for e in epcis for c in _raw.epci_communes()[e]]
    got = {v["id"]: v for v in service.for_communes(con, communes, annee=2023, ids=["population", "emploi_salarie_prive"])}
    raw_2023 = {r["code_commune"]: int(r["population_municipale"] or 0)
                for r in _raw.rows(_raw.mirror() / "insee-populations-legales-communes" / "populations_legales_communes_2016_2023_long.csv.gz")
                if r["millesime_population"] == "2023"}
    assert got["population"]["valeur"] == sum(raw_2023[c] for c in communes)
    assert got["population"]["valeur"] == sum(_value(con, "epci", e, "population", "2023")[0] for e in epcis)
    assert got["population"]["valeur_region"] == _value(con, "region", "32", "population", "2023")[0]
    assert got["population"]["rang_france"] is None


def test_missing_is_null_with_a_reason_and_estimates_say_so(con):
    assert con.execute("select count(*) from indicateur_valeur where valeur is null and note is null").fetchone()[0] == 0
    assert con.execute("select count(*) from indicateur_valeur where niveau = 'estimation' and methode is null").fetchone()[0] == 0
    niveaux = {n for (n,) in con.execute("select distinct niveau from indicateur_valeur").fetchall()}
    assert niveaux <= set(registry.NIVEAUX)
    row = _value(con, "commune", "62447", "emploi_industriel", "2024")
    assert row[0] is None and "commune" in row[4]


def test_every_registry_id_is_computed(con):
    got = {i for (i,) in con.execute("select distinct indicateur from indicateur_valeur").fetchall()}
    assert got == set(registry.REGISTRY)


def test_peers_and_ranks(con):
    t = Territoire("epci", SEPT_VALLEES, "CC des 7 Vallées")
    peers = service.peers(con, t)
    assert [p["rang"] for p in peers] == [1, 2, 3, 4, 5] and SEPT_VALLEES not in {p["code"] for p in peers}
    ranking = service.ranking(con, "region", "population", annee=2023)
    assert ranking[0]["code"] == "11" and ranking[0]["rang"] == 1
    values = {v["id"]: v for v in service.values(con, t, annee=2022)}
    assert values["population"]["nb_france"] == con.execute("select count(*) from epci").fetchone()[0]
    assert values["population"]["valeur_region"] == _value(con, "region", "32", "population", "2022")[0]
    assert not math.isnan(values["taux_chomage"]["valeur"])


def test_census_industry_share_is_the_reusers_figure_labelled_as_such(con):
    raw = {r["code"]: r["eco_sectindus_pct_22"]
           for r in _raw.rows(_raw.mirror() / "ptod-emploi-ze-secteurs" / "indicateurs_eco_epci.csv")}
    valeur, niveau, source, _methode, _note = _value(con, "epci", SEPT_VALLEES, "part_industrie_recensement", "2022")
    assert valeur == float(raw[SEPT_VALLEES]) and niveau == "calcul réutilisateur" and source == "ptod-emploi-ze-secteurs"
