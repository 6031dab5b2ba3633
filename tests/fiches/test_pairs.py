"""The peers table compares like with like: each peer's value is its own figure for the same
period as the territory's column, and the peers are the 5 of the same kind nearest by population
(recomputed here from the crosswalk and the raw-derived population, not from `territoire_pair`)."""

from __future__ import annotations

import pytest

from vigie_industrie.fiches import service


@pytest.mark.parametrize("query", ["200069037", "3215", "62"])
def test_peer_rows_are_their_own_figures_at_the_same_period(con, query):
    fiche = service.fiche(con, query)
    bloc = next(b for b in fiche.blocs if b.id == "pairs")
    table = bloc.tableaux[0]
    indicator_ids = [c.id for c in table.colonnes if c.id not in ("nom", "code")]
    headline = {c.id: c for b in fiche.blocs for c in b.chiffres if c.dimension is None}
    peers = table.lignes[1:6]
    assert len(peers) == 5
    for row in peers:
        for ind in indicator_ids:
            expected = con.execute(
                "select valeur from indicateur_valeur where type = ? and code = ? and indicateur = ? "
                "and dimension is null and periode = ?",
                [fiche.type, row["code"], ind, headline[ind].periode],
            ).fetchone()
            assert row[ind] == (expected[0] if expected else None), (row["code"], ind)


def test_peers_are_the_nearest_by_population(con):
    """The 5 EPCI whose population (sum of their whole communes) is nearest to CA du Pays de Saint-Omer's."""
    populations = dict(con.execute(
        """
        select tc.code, sum(c.population) from territoire_commune tc join commune c using (code_commune)
        where tc.type = 'epci' and tc.entier group by tc.code
        """
    ).fetchall())
    own = populations["200069037"]
    nearest = sorted((abs(p - own), code) for code, p in populations.items() if code != "200069037")[:5]
    fiche = service.fiche(con, "200069037")
    table = next(b for b in fiche.blocs if b.id == "pairs").tableaux[0]
    assert {row["code"] for row in table.lignes[1:6]} == {code for _, code in nearest}
