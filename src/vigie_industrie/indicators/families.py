"""The family SQL of ``indicators/sql``, rendered over a crosswalk relation.

One file per family; each is a list of CTEs ending with ``result`` (the columns of
``indicateur_valeur``) and is prefixed with the common CTEs of ``_base.sql``. The crosswalk is a
placeholder so the very same definitions compute the warehouse marts (over
``territoire_commune``) and a custom perimeter (over a temporary table, ``service.for_communes``).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from vigie_industrie.indicators import registry
from vigie_industrie.sources import catalogue
from vigie_industrie.territories import kinds

FAMILIES = ("population", "emploi", "industrie", "secteurs", "chomage")

COLUMNS = (
    "type", "code", "phase", "indicateur", "dimension", "periode", "annee", "valeur", "unite", "source",
    "niveau", "methode", "couverture", "nb_communes_sans_donnee", "note",
)

NULL_REASON = (
    "'Non calculable : la base du rapport est nulle ou absente (aucun emploi, ou aucune donnée à la date de référence).'"
)

WAREHOUSE_CROSSWALK = "territoire_commune"
NO_REFERENCES = "(select * from territoire_commune where false)"
# The reference territories each family reads besides its subjects (France for national shares and
# the shift-share, the région for its location quotients); the others need none.
FAMILY_REFERENCES = {"industrie": ("france",), "secteurs": ("france", "region")}


@lru_cache(maxsize=None)
def _text(name: str) -> str:
    return (resources.files("vigie_industrie.indicators") / "sql" / f"{name}.sql").read_text(encoding="utf-8")


def available() -> tuple[str, ...]:
    """Families whose SQL file exists (all of FAMILIES in a complete install)."""
    root = resources.files("vigie_industrie.indicators") / "sql"
    return tuple(f for f in FAMILIES if (root / f"{f}.sql").is_file())


def _base(crosswalk: str, references: str) -> str:
    return _text("_base").replace("{crosswalk}", crosswalk).replace("{references}", references)


def _family_select(famille: str, references: str) -> str:
    """One family's own CTEs and its final ``select`` (the common CTEs of ``_base`` come before)."""
    special = {
        "phase": "nullif(result.phase, 0) as phase",
        # the last word on a NULL: a ratio whose base is 0 or absent (the families give the other reasons)
        "note": "coalesce(result.note, case when result.valeur is null then " + NULL_REASON + " end) as note",
    }
    cols = ", ".join(special.get(c, f"result.{c}") for c in COLUMNS)
    # Without references every row of `result` is a subject: the semi join would only cost time
    # (0.6 s of the warehouse build over 1.6 million rows).
    keep = "" if references == NO_REFERENCES else "\nsemi join subjects using (type, code, phase)"
    return f"with\n{_text(famille)}\n\nselect {cols}\nfrom result{keep}"


def render(famille: str, *, crosswalk: str = WAREHOUSE_CROSSWALK, references: str = NO_REFERENCES) -> str:
    """One family as a complete ``select`` over ``crosswalk`` (a relation with the crosswalk columns)."""
    return f"with\n{_base(crosswalk, references)}\n\nselect * from (\n{_family_select(famille, references)}\n)"


def valeur_sql(*, crosswalk: str = WAREHOUSE_CROSSWALK, references: str = NO_REFERENCES,
               families: tuple[str, ...] | None = None) -> str:
    """All families, one ``union all`` (the body of the mart ``indicateur_valeur``).

    The common CTEs are written once, outside the families' subqueries, so the crosswalk joins and
    groupings they share (the territories' populations, zones, régions, where sector figures come
    from) are planned once for the whole union: prefixed to each family, they were computed five
    times (0.3 s of the mirror build, 0.5 s of CPU).
    """
    parts = [f"select * from (\n{_family_select(f, references)}\n)" for f in (families or available())]
    return f"with\n{_base(crosswalk, references)}\n\n" + "\nunion all\n".join(parts)


def perimeter_sql(crosswalk: str, code_region: str | None, families: tuple[str, ...]) -> str:
    """The families over a perimeter's crosswalk, each with only the references it reads."""
    parts = []
    for famille in families:
        kinds = FAMILY_REFERENCES.get(famille, ())
        conditions = ["type = 'france'"] if "france" in kinds else []
        if "region" in kinds and code_region:
            conditions.append("(type = 'region' and code = '" + code_region.replace("'", "''") + "')")
        references = (
            f"(select * from territoire_commune where {' or '.join(conditions)})" if conditions else NO_REFERENCES
        )
        parts.append(f"select * from (\n{render(famille, crosswalk=crosswalk, references=references)}\n)")
    return "\nunion all\n".join(parts)


VALEUR_HEADER = """-- grain: one row per territory × indicator × dimension × period (every kind, every period with data)
-- unique: type, code, phase, indicateur, dimension, periode
-- not_null: type, code, indicateur, periode, annee, unite, source, niveau
-- Rendered by vigie_industrie.indicators.families from indicators/sql/*.sql over territoire_commune.
"""


def closed_vocabularies() -> dict[str, tuple[str, ...]]:
    """The columns of ``indicateur_valeur`` stored as ENUMs, with their closed lists of values.

    ``type`` is not one of them although its list is closed: DuckDB compares an ENUM column with a
    string by casting the column to text, which its zone maps cannot use, and every ranking, map
    and alert filters on ``type`` alone (a région ranking read 2-3× slower with it an ENUM). It is
    only sorted as one (see ``models``).
    """
    return {
        "indicateur": tuple(registry.REGISTRY),
        "unite": tuple({i.unite for i in registry.REGISTRY.values()}),
        "source": tuple(catalogue.load_catalogue()),
        "niveau": registry.NIVEAUX,
    }


def rank_key(value: str) -> str:
    """The SQL value ranks compare: ``value`` at 10 significant digits, so values equal but for the
    float noise of parallel sums tie (the comparison mart's ranks and ``service.ranking``'s order)."""
    return f"printf('%.10g', {value})::double"


def territory_types() -> tuple[str, ...]:
    """Every kind of territory (the values of ``type``), from the kinds registry."""
    return tuple(k.TYPE for k in kinds.all_kinds())


def enum_type(values: tuple[str, ...]) -> str:
    """An inline DuckDB ENUM of ``values``, sorted: ORDER BY an ENUM follows its list, so the
    columns still sort alphabetically.

    >>> enum_type(("b", "l'a"))
    "enum('b', 'l''a')"
    """
    return "enum(" + ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(set(values))) + ")"


def models() -> list[tuple[str, str]]:
    """(mart name, SQL with its check headers) of the indicator marts, for the warehouse runner."""
    # Stored sorted by territory: a fiche reads one territory's rows, and DuckDB's zone maps then
    # skip every other row group (a fiche's reads 4× faster on the mirror warehouse).
    # The closed-vocabulary columns are stored as ENUMs, and `type` is sorted as one (an integer
    # compare, the same alphabetical order): writing and sorting millions of repeated strings was
    # half of the mart's time (national-size file, 6.7 M rows: the sorted write went from 15 s to
    # 10 s) and the comparison mart inherits them. Readers see the same text: DuckDB compares an
    # ENUM with a string as text and returns it as a string. A value outside its list fails the
    # build (a family writing an id the registry does not declare is a bug).
    coded = ", ".join(f"cast({c} as {enum_type(v)}) as {c}" for c, v in closed_vocabularies().items())
    order_by = f"-- order_by: cast(type as {enum_type(territory_types())}), code, indicateur\n"
    out = [("indicateur_valeur", VALEUR_HEADER + order_by + f"select * replace ({coded}) from (\n{valeur_sql()}\n)\n")]
    for name in ("indicateur_comparaison", "territoire_pair"):
        if (resources.files("vigie_industrie.indicators") / "sql" / f"{name}.sql").is_file():
            out.append((name, _text(name).replace("{territory_type_enum}", enum_type(territory_types()))
                        .replace("{rank_key}", rank_key("v.valeur"))))
    return out
