"""Régions (COG 2026), codes ``32``, ``84``; also written ``reg-32`` (``32`` is also the Gers)."""

from __future__ import annotations

import re

from vigie_industrie.territories import codes
from vigie_industrie.territories.kinds._common import one, territories
from vigie_industrie.territories.model import Territoire

TYPE = "region"
LABEL = "Région"
_PREFIXED = re.compile(r"^(?:reg|region)[-_ ]?(\d{2,3})$", re.IGNORECASE)  # 975…989: collectivités d'outre-mer


def recognise(query: str) -> str | None:
    query = query.strip()
    match = _PREFIXED.match(query)
    if match:
        return match.group(1)
    return query if codes.REGION.match(query) else None


def get(con, code: str, phase: int | None = None) -> Territoire | None:
    row = one(con, "select code_region, nom_region from region where code_region = ?", [code])
    return Territoire(TYPE, row[0], row[1]) if row else None


def unknown(code: str) -> str:
    return f"Région {code} inconnue (codes INSEE à 2 chiffres : 11, 24, 27, 28, 32, 44, 52, 53, 75, 76, 84, 93, 94, 01 à 06)."


def parents(con, t: Territoire) -> list[Territoire]:
    return []


def children(con, t: Territoire) -> list[Territoire]:
    return territories(
        con,
        "departement",
        "select code_departement, nom_departement from departement where code_region = ? order by 1",
        [t.code],
    )
