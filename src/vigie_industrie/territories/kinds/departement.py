"""Départements (COG 2026), codes ``62``, ``2A``, ``971``; also written ``dep-62``."""

from __future__ import annotations

import re

from vigie_industrie.territories import codes
from vigie_industrie.territories.kinds._common import one, territories
from vigie_industrie.territories.model import Territoire

TYPE = "departement"
LABEL = "Département"
_PREFIXED = re.compile(r"^(?:dep|departement|dept)[-_ ]?(\w{2,3})$", re.IGNORECASE)


def recognise(query: str) -> str | None:
    query = query.strip().upper()
    match = _PREFIXED.match(query)
    if match:
        return match.group(1).upper()
    return query if codes.DEPARTEMENT.match(query) else None


def get(con, code: str, phase: int | None = None) -> Territoire | None:
    row = one(con, "select code_departement, nom_departement from departement where code_departement = ?", [code])
    return Territoire(TYPE, row[0], row[1]) if row else None


def unknown(code: str) -> str:
    return f"Département {code} inconnu (codes : 01 à 95, 2A, 2B, 971 à 976)."


def parents(con, t: Territoire) -> list[Territoire]:
    return territories(
        con,
        "region",
        "select r.code_region, r.nom_region from departement d join region r using (code_region) where d.code_departement = ?",
        [t.code],
    )


def children(con, t: Territoire) -> list[Territoire]:
    return territories(
        con,
        "epci",
        "select siren_epci, nom_epci from epci where code_departement = ? order by population_municipale desc nulls last",
        [t.code],
    )
