"""No leakage: the features of origin t read no figure dated after t.

Every dated series the panels read (unemployment quarters, ESTEL and URSSAF years, commune × APE
years, the estimated unemployment of EPCI) is copied with every value after t replaced by noise;
the panels are recomputed on the copy and the features at origin t must not move, while the
outcome (which does read the future) must. Structural attributes without a date (the 2021
density grid) are not series and are left as they are (docs/alertes.md says so).
"""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from vigie_industrie.alerts import datasets, targets

# table → (SQL expression of its period on the origin's scale, value columns to perturb, row filter)
QUARTER = "annee * 4 + numero_trimestre - 1"
SERIES = {
    "chomage_zone_emploi": ("q", ["taux_chomage"], "true"),
    "emploi_total": ("a", ["emploi"], "true"),
    "emploi_salarie_prive_commune": ("a", ["emploi"], "true"),
    "emploi_salarie_commune_secteur": ("a", ["effectifs", "etablissements"], "true"),
    "indicateur_valeur": ("iv", ["valeur"], "indicateur in ('taux_chomage', 'densite') and type in ('epci', 'zone_emploi')"),
}
VIEWS = ("territoire_commune", "commune", "commune_zone_emploi_cog2026", "commune_densite", "naf")
ORIGINS = {"chomage_ze": 2012 * 4 + 1, "emploi_ze": 2009, "emploi_epci": 2017, "emploi_industriel": 2013}


def _after(kind: str, target: targets.Target, origin: int) -> str:
    """SQL condition 'this row is dated after the origin'."""
    if target.pas == "trimestre":
        last_quarter, last_year = origin, origin // 4  # a year is known once its 31 December is past the origin
        year_after = f"annee >= {last_year}"
    else:
        last_quarter, last_year = origin * 4 + 3, origin
        year_after = f"annee > {last_year}"
    if kind == "q":
        return f"{QUARTER} > {last_quarter}"
    if kind == "a":
        return year_after
    # indicateur_valeur: quarterly rates ('2015-T3') and the undated density grid (never perturbed)
    return (f"(indicateur = 'taux_chomage' and annee * 4 + cast(right(periode, 1) as integer) - 1 > {last_quarter})")


def _perturbed(warehouse_path, target: targets.Target, origin: int) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute(f"attach '{warehouse_path}' as wh (read_only)")
    for table, (kind, columns, keep) in SERIES.items():
        cols = con.execute(f"select column_name from information_schema.columns where table_catalog = 'wh' "
                           f"and table_name = '{table}' order by ordinal_position").fetchall()
        after = _after(kind, target, origin)
        select = ", ".join(
            f"case when {after} then {c} * (1.5 + random()) + 7 else {c} end as {c}" if c in columns else c
            for (c,) in cols)
        con.execute(f"create table {table} as select {select} from wh.{table} where {keep}")
    for view in VIEWS:
        con.execute(f"create view {view} as select * from wh.{view}")
    return con


@pytest.mark.parametrize("target_id", list(targets.TARGETS))
def test_features_at_origin_ignore_later_data(warehouse_path, target_id):
    target = targets.get(target_id)
    origin = ORIGINS[target_id]
    real = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        before = datasets.load(real, target)
    finally:
        real.close()
    fake = _perturbed(warehouse_path, target, origin)
    try:
        after = datasets.load(fake, target)
    finally:
        fake.close()
    a = before[before["t"] == origin].set_index("code").sort_index()
    b = after[after["t"] == origin].set_index("code").sort_index()
    assert len(a) > 50 if target_id != "emploi_industriel" else len(a) > 100
    assert list(a.index) == list(b.index)
    pd.testing.assert_frame_equal(a[target.columns], b[target.columns], check_exact=False, rtol=1e-12)
    # the perturbation reached the data the outcome reads: the test can fail
    assert not np.allclose(a["valeur_future"].astype(float), b["valeur_future"].astype(float), equal_nan=True)
