"""Members of a custom perimeter: validated against the warehouse, resolved to communes.

``territoire_commune`` is the one place that says which communes a territory holds; a
warehouse built before it existed falls back to the ``commune`` mart (commune code,
``siren_epci``), so perimeters work on either.
"""

from __future__ import annotations

from typing import Any

from vigie_industrie import errors
from vigie_industrie.territories.kinds._common import query_rows


def _has_crosswalk(con) -> bool:
    return bool(con.execute(
        "select count(*) from information_schema.tables where table_name = 'territoire_commune'"
    ).fetchone()[0])


def check_members(con, codes: list[str]) -> list[dict[str, Any]]:
    """Each code as {code, type, nom}; a code the warehouse lacks is refused with the list of them."""
    codes = list(dict.fromkeys(c.strip().upper() for c in codes))
    rows = query_rows(con, """
        select code, type, nom from territoire
        where type in ('commune', 'epci') and code in (select unnest(?::varchar[]))
    """, [codes])
    found = {r["code"]: r for r in rows}
    missing = [c for c in codes if c not in found]
    if missing:
        shown = ", ".join(missing[:10]) + (f" et {len(missing) - 10} autre(s)" if len(missing) > 10 else "")
        raise errors.ValidationFailed(
            f"membres : {shown} ne désigne(nt) ni une commune (code INSEE, ex. 62765) ni un EPCI (SIREN, ex. 200069037) "
            "de l'entrepôt ; vérifiez avec `vigie territoire CODE`."
        )
    return [{"code": c, "type": found[c]["type"], "nom": found[c]["nom"]} for c in codes]


def communes_of(con, membres: list[dict[str, Any]]) -> list[str]:
    """The distinct current communes of the members (an EPCI brings all of its communes)."""
    communes = [m["code"] for m in membres if m["type"] == "commune"]
    epci = [m["code"] for m in membres if m["type"] == "epci"]
    if _has_crosswalk(con):
        sql = """
            select distinct code_commune from territoire_commune
            where (type = 'commune' and code in (select unnest(?::varchar[])))
               or (type = 'epci' and code in (select unnest(?::varchar[])))
            order by 1
        """
    else:
        sql = """
            select distinct code_commune from commune
            where code_commune in (select unnest(?::varchar[])) or siren_epci in (select unnest(?::varchar[]))
            order by 1
        """
    return [r[0] for r in con.execute(sql, [communes, epci]).fetchall()]
