"""Scoring territories against a criteria file, set-based in one DuckDB statement.

``detail`` gives one row per territory × criterion (value read, its period and level, threshold,
weight, note, contribution, verdict); ``totaux`` one row per territory (score, coverage, global
verdict). Both run ``sql/score.sql`` over the feature rows of ``features.sql``: for the EPCI the
crosswalk is ``territoire_commune`` and the values ``indicateur_valeur``; for a custom perimeter or a
group of EPCI, the same family SQL first computes its indicators over a temporary crosswalk
(as ``indicators.service.for_communes`` does), so every territory is scored by the same code.
"""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources

from vigie_industrie import errors
from vigie_industrie.eligibility import features
from vigie_industrie.eligibility.criteres import Grille
from vigie_industrie.indicators import families

_counter = itertools.count()
EPCI_CROSSWALK = "(select * from territoire_commune where type = 'epci' and ($codes is null or list_contains($codes, code)))"
EPCI_VALEURS = "(select * from indicateur_valeur where type = 'epci' and ($codes is null or list_contains($codes, code)))"


@lru_cache(maxsize=None)
def _score_text() -> str:
    return (resources.files("vigie_industrie.eligibility") / "sql" / "score.sql").read_text(encoding="utf-8")


def params(grille: Grille, decision: int | None) -> dict:
    cs = grille.criteres
    return {
        "c_id": [c.id for c in cs], "c_ordre": list(range(len(cs))), "c_ind": [c.indicateur for c in cs],
        "c_dim": [c.dimension for c in cs], "c_trans": [c.transformation for c in cs],
        "c_seuil": [c.seuil for c in cs], "c_sens": [c.sens for c in cs], "c_poids": [c.poids for c in cs],
        "c_annee": [c.annee_reference for c in cs], "c_repli": [c.repli for c in cs],
        "c_repli_just": [c.repli_justification for c in cs],
        "p_crit": [c.id for c in cs for _ in c.courbe], "p_x": [x for c in cs for x, _ in c.courbe],
        "p_y": [y for c in cs for _, y in c.courbe],
        "decision": decision, "seuil_eligible": grille.seuil_eligible, "couverture_min": grille.couverture_min,
    }


def _sql(crosswalk: str, valeurs: str, final: str, recensement: str = features.RECENSEMENT) -> str:
    body = _score_text().replace("{crosswalk}", crosswalk)
    return f"with {features.ctes(crosswalk, valeurs, recensement)},\n{body}\n{final}"


DETAIL = """
select detail.*, resultat.score, resultat.couverture, resultat.verdict_global
from detail
join resultat
    on resultat.type = detail.type and resultat.code = detail.code and resultat.phase is not distinct from detail.phase
order by type, code, ordre
"""
TOTAUX = "select * from resultat"


class Cible:
    """Where the rows come from: the EPCI of the warehouse (``codes``: some or all) or one perimeter."""

    def __init__(self, *, codes: list[str] | None = None, communes: list[str] | None = None,
                 code: str = "perimetre", type_: str = "perimetre"):
        self.codes, self.communes, self.code, self.type = codes, communes, code, type_


@contextmanager
def _relations(con, cible: Cible):
    """(crosswalk, valeurs, extra params) for the target; perimeters get temporary tables, dropped after."""
    if cible.communes is None:
        yield EPCI_CROSSWALK, EPCI_VALEURS, {"codes": cible.codes}
        return
    codes = sorted(set(cible.communes))
    if not codes:
        raise errors.ValidationFailed("Périmètre vide : donnez au moins une commune ou un EPCI.")
    n = next(_counter)
    cw, va = f"temp.eligibilite_cw_{n}", f"temp.eligibilite_val_{n}"
    con.execute(
        f"create temp table eligibilite_cw_{n} as select ?::varchar as type, ?::varchar as code, null::integer as phase, "
        "unnest(?::varchar[]) as code_commune, true as entier, 1.0::double as poids",
        [cible.type, cible.code, codes],
    )
    try:
        region = con.execute(
            f"select arg_max(c.code_region, c.population) from {cw} p join commune c using (code_commune)"
        ).fetchone()[0]
        con.execute(f"create temp table eligibilite_val_{n} as {families.perimeter_sql(cw, region, families.available())}")
        yield cw, va, {}
    finally:
        con.execute(f"drop table if exists {cw}")
        con.execute(f"drop table if exists {va}")


def _dicts(cursor) -> list[dict]:
    cols = [d[0] for d in cursor.description]
    return [dict(zip(cols, row)) for row in cursor.fetchall()]


def detail(con, grille: Grille, cible: Cible, *, decision: int | None = None) -> list[dict]:
    """One dict per territory × criterion, with the territory's score, coverage and verdict."""
    with _relations(con, cible) as (cw, va, extra):
        return _dicts(con.execute(_sql(cw, va, DETAIL), {**params(grille, decision), **extra}))


def totaux(con, grille: Grille, *, codes: list[str] | None = None, decision: int | None = None) -> list[dict]:
    """Score, coverage and verdict of every EPCI (or of ``codes``)."""
    with _relations(con, Cible(codes=codes)) as (cw, va, extra):
        return _dicts(con.execute(_sql(cw, va, TOTAUX), {**params(grille, decision), **extra}))


def detail_from_features(con, grille: Grille, table: str, *, decision: int | None = None) -> list[dict]:
    """The scoring of ``detail`` over given feature rows (a relation with the columns of ``features.COLUMNS``).

    Why: the rule cases (tests/eligibility/cas/*.yaml) state indicator values and the expected notes;
    they run the very same scoring SQL, without a warehouse.
    """
    body = _score_text().replace("{crosswalk}", table)
    sql = f"with features as (select * from {table}),\n{body}\n{DETAIL}"
    return _dicts(con.execute(sql, params(grille, decision)))


def features_of(con, *, codes: list[str] | None = None) -> list[dict]:
    """Every feature row of the EPCI (or of ``codes``), with ``disponible``: the validation's model matrix."""
    with _relations(con, Cible(codes=codes)) as (cw, va, extra):
        return _dicts(con.execute(features.sql(cw, va), extra))
