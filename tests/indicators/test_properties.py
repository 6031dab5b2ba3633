"""Additive indicators add up: any set of communes (custom perimeter) and France over its régions."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vigie_industrie.indicators import registry, service

_COMMUNES: dict[str, list[str]] = {}


def _pool(con, key: str, sql: str) -> list[str]:
    if key not in _COMMUNES:
        _COMMUNES[key] = [c for (c,) in con.execute(sql).fetchall()]
    return _COMMUNES[key]


def _commune_sum(con, communes, indicateur, periode):
    return con.execute(
        "select sum(valeur), count(valeur) from indicateur_valeur where type = 'commune' and indicateur = ? "
        "and periode = ? and list_contains(?, code)",
        [indicateur, periode, communes],
    ).fetchone()


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_perimeter_equals_sum_of_its_communes(con, data):
    pool = _pool(con, "pdc", "select code_commune from commune where code_departement in ('62', '76') order by 1")
    communes = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=60, unique=True))
    got = {v["id"]: v for v in service.for_communes(con, communes, annee=2022, ids=["population", "emploi_salarie_prive"])}
    for indicateur in ("population", "emploi_salarie_prive"):
        assert registry.get(indicateur).additif
        total, n = _commune_sum(con, communes, indicateur, got[indicateur]["periode"])
        assert got[indicateur]["valeur"] == total
        assert got[indicateur]["nb_communes_sans_donnee"] == len(communes) - n


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_industry_of_communes_inside_the_commune_ape_file_adds_up(con, data):
    pool = _pool(con, "rouen", "select code_commune from emploi_salarie_perimetre order by 1")
    communes = data.draw(st.lists(st.sampled_from(pool), min_size=1, max_size=40, unique=True))
    got = {v["id"]: v for v in service.for_communes(con, communes, annee=2022, ids=["emploi_industriel"])}
    assert got["emploi_industriel"]["niveau"] == "exact"
    total, n = _commune_sum(con, communes, "emploi_industriel", "2022")
    assert n == len(communes)
    assert got["emploi_industriel"]["valeur"] == pytest.approx(total)


@pytest.mark.parametrize("indicateur", ["population", "emploi_salarie_prive"])
def test_france_is_the_sum_of_its_regions_and_epci_of_their_communes(con, indicateur):
    bad = con.execute(
        """
        with v as (select * from indicateur_valeur where indicateur = ? and dimension is null)
        select f.periode, f.valeur, sum(r.valeur)
        from v as f join v as r on r.type = 'region' and r.periode = f.periode
        -- its 18 régions: the collectivités d'outre-mer listed as régions are outside France
        semi join territoire_region as tr on tr.type = r.type and tr.code = r.code and tr.au_classement
        where f.type = 'france'
        group by all having f.valeur is distinct from sum(r.valeur)
        """,
        [indicateur],
    ).fetchall()
    assert bad == []
    bad_epci = con.execute(
        """
        with v as (select * from indicateur_valeur where indicateur = ? and dimension is null and type in ('commune', 'epci'))
        select e.code, e.periode from v as e
        join territoire_commune as tc on tc.type = 'epci' and tc.code = e.code
        join v as c on c.type = 'commune' and c.code = tc.code_commune and c.periode = e.periode
        where e.type = 'epci'
        group by all having any_value(e.valeur) is distinct from sum(c.valeur)
        """,
        [indicateur],
    ).fetchall()
    assert bad_epci == []
