"""Établissements publics territoriaux of the Métropole du Grand Paris (members of some territories)."""

from __future__ import annotations

from vigie_industrie.territories import codes
from vigie_industrie.territories.kinds._common import one, territories
from vigie_industrie.territories.model import Territoire

TYPE = "ept"
LABEL = "Établissement public territorial"


def recognise(query: str) -> str | None:
    code = query.strip()
    return code if codes.SIREN.match(code) else None


def get(con, code: str, phase: int | None = None) -> Territoire | None:
    row = one(con, "select siren_ept, nom_ept from ept where siren_ept = ?", [code])
    return Territoire(TYPE, row[0], row[1]) if row else None


def unknown(code: str) -> str:
    return f"SIREN {code} inconnu parmi les établissements publics territoriaux du Grand Paris."


def parents(con, t: Territoire) -> list[Territoire]:
    return territories(
        con,
        "epci",
        "select distinct e.siren_epci, e.nom_epci from commune c join epci e using (siren_epci) where c.siren_ept = ?",
        [t.code],
    )


def children(con, t: Territoire) -> list[Territoire]:
    return territories(
        con,
        "commune",
        "select code_commune, nom_commune from commune where siren_ept = ? order by population desc nulls last",
        [t.code],
    )
