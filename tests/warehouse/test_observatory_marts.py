"""The observatory marts are ordinary models of the build; the fiche counts each commune once."""

from __future__ import annotations

from tests.indicators import _raw
from vigie_industrie.fiches import service as fiches
from vigie_industrie.warehouse import runner


def test_indicator_marts_are_discovered_with_their_checks():
    models = {m.name: m for m in runner.discover()}
    for name in ("territoire_commune", "indicateur_valeur", "indicateur_comparaison", "territoire_pair"):
        assert models[name].unique, name
    assert "marts:territoire_commune" in models["indicateur_valeur"].depends_on
    assert "marts:indicateur_valeur" in models["indicateur_comparaison"].depends_on
    order = [m.name for m in runner.order(list(models.values()))]
    assert order.index("indicateur_valeur") < order.index("territoire_pair")


def test_commune_fiche_zone_row_counts_saint_denis_once(con):
    fiche = fiches.fiche(con, "93066")
    assert [p.code for p in fiche.parents.liste if p.type == "zone_emploi"] == [_raw.zone_of()["93066"][0]]
    population = next(c for c in fiche.bloc("population").chiffres if c.id == "population")
    assert (population.periode, population.valeur) == ("2023", _raw.population("93066")) == ("2023", 149_077)


def test_build_records_the_indicator_marts(con):
    rows = dict(con.execute("select model, rows from build_run where layer = 'marts'").fetchall())
    assert rows["indicateur_valeur"] > 0 and rows["territoire_pair"] > 0
    assert rows["territoire_commune"] == con.execute("select count(*) from territoire_commune").fetchone()[0]


def test_comparison_has_one_row_per_value_of_a_ranked_kind_and_every_territory_a_region(con):
    # every kind but communes, and but the collectivités d'outre-mer listed as régions or départements
    ranked = """
        select v.* from indicateur_valeur v
        semi join territoire_region r on r.type = v.type and r.code = v.code and r.phase is not distinct from v.phase
            and r.au_classement
        where v.type <> 'commune'
    """
    assert con.execute("select count(*) from indicateur_comparaison").fetchone()[0] == \
        con.execute(f"select count(*) from ({ranked})").fetchone()[0] > 0
    assert con.execute(
        f"select count(*) from ({ranked}) v anti join indicateur_comparaison c "
        "on c.type = v.type and c.code = v.code and c.phase is not distinct from v.phase and c.indicateur = v.indicateur "
        "and c.dimension is not distinct from v.dimension and c.periode = v.periode"
    ).fetchone()[0] == 0
    outside = dict(con.execute("select type, count(*) from territoire_region where not au_classement group by 1").fetchall())
    assert set(outside) == {"region", "departement"} and outside["region"] == 8  # 975, 977, 978, 984, 986-989
    assert con.execute("select count(*) from territoire_region where code_region is null and type <> 'france'").fetchone()[0] == 0


def test_a_commune_has_its_region_and_france_values_but_no_rank(con):
    from vigie_industrie.indicators import service
    from vigie_industrie.territories.model import Territoire

    got = {v["id"]: v for v in service.values(con, Territoire("commune", "62447", "Hesdin-la-Forêt"), ids=["population"])}
    periode = got["population"]["periode"]

    def population(type_, code):
        return con.execute(
            "select valeur from indicateur_valeur where type = ? and code = ? and indicateur = 'population' "
            "and dimension is null and periode = ?", [type_, code, periode]).fetchone()[0]

    assert got["population"]["valeur_region"] == population("region", "32")
    assert got["population"]["valeur_france"] == population("france", "fr") > got["population"]["valeur_region"]
    assert got["population"]["rang_france"] is None and got["population"]["rang_region"] is None


def test_values_equal_but_for_float_noise_share_their_rank(con):
    """Ranks recomputed in Python from indicateur_valeur: 1 + the number of values greater at 10
    significant digits. EPCI of one zone share their estimated sector shares: without the rounding,
    the noise of parallel sums gave them different ranks, different at each build."""
    periode = con.execute(
        "select max(periode) from indicateur_valeur where type = 'epci' and indicateur = 'quotient_localisation_industrie' "
        "and dimension is null and valeur is not null").fetchone()[0]
    rows = con.execute(
        """
        select v.code, v.valeur, c.rang_france from indicateur_valeur v
        join indicateur_comparaison c on c.type = v.type and c.code = v.code and c.indicateur = v.indicateur
            and c.dimension is not distinct from v.dimension and c.periode = v.periode
        where v.type = 'epci' and v.indicateur = 'quotient_localisation_industrie' and v.dimension is null
            and v.periode = ? and v.valeur is not null
        """, [periode]).fetchall()
    keys = {code: float(f"{valeur:.10g}") for code, valeur, _ in rows}
    expected = {code: 1 + sum(other > key for other in keys.values()) for code, key in keys.items()}
    assert {code: rang for code, _, rang in rows} == expected
    ties = len(keys) - len(set(keys.values()))
    assert ties > 100  # the case this guards: many EPCI with the same estimated quotient


def test_a_ranking_orders_values_equal_but_for_float_noise_by_code(con):
    from vigie_industrie.indicators import service

    rows = service.ranking(con, "epci", "quotient_localisation_industrie")
    keys = [(-float(f"{r['valeur']:.10g}"), r["code"]) for r in rows]
    assert keys == sorted(keys) and [r["rang"] for r in rows] == list(range(1, len(rows) + 1))
    assert len({k for k, _ in keys}) < len(keys) - 100  # ties there are, many
