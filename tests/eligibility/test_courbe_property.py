"""Property: the scoring SQL's piecewise-linear curve is numpy.interp (flat beyond its ends), for any curve."""

from __future__ import annotations

import dataclasses

import duckdb
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from vigie_industrie.eligibility import criteres, features, score

BASE = criteres.load()
CON = duckdb.connect()
CON.execute("create table f (" + ", ".join(f"{c} {'double' if c == 'valeur' else 'integer' if c in ('phase', 'annee', 'disponible') else 'varchar'}"
                                          for c in features.COLUMNS) + ")")

xs_st = st.lists(st.floats(-1e4, 1e4, allow_nan=False), min_size=2, max_size=6, unique=True).map(sorted)


@settings(max_examples=25, deadline=None)
@given(xs=xs_st, data=st.data())
def test_curve_is_linear_interpolation(xs, data):
    ys = data.draw(st.lists(st.floats(0, 1), min_size=len(xs), max_size=len(xs)))
    values = data.draw(st.lists(st.floats(-2e4, 2e4, allow_nan=False), min_size=1, max_size=5))
    if min(b - a for a, b in zip(xs, xs[1:])) < 1e-6:
        return
    crit = dataclasses.replace(BASE.criteres[0], courbe=tuple(zip(xs, ys)), indicateur="emploi_industriel")
    grille = dataclasses.replace(BASE, criteres=(crit,))
    CON.execute("delete from f")
    CON.executemany("insert into f values (" + ", ".join("?" * len(features.COLUMNS)) + ")",
                    [("epci", str(i), None, "emploi_industriel", None, "2022", 2022, 2023, v, "emplois", "t", "exact", "", None)
                     for i, v in enumerate(values)])
    rows = {r["code"]: r for r in score.detail_from_features(CON, grille, "f")}
    for i, v in enumerate(values):
        got = rows[str(i)]
        assert np.isclose(got["note_critere"], np.interp(v, xs, ys), atol=1e-9)
        # score.sql rounds the note to 9 decimals and the score to 6: they agree within that rounding
        assert np.isclose(got["score"], 100 * got["note_critere"], rtol=0, atol=1e-6)
        assert got["verdict"] == ("rempli" if v >= crit.seuil else "non rempli")
