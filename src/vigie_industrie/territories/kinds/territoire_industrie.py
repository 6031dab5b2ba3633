"""Territoires d'industrie, phase 1 (2018-2022) and phase 2 (2023-2027): ids ``ti-RRNN`` + phase."""

from __future__ import annotations

import re

from vigie_industrie.territories.kinds._common import territories
from vigie_industrie.territories.model import Territoire

TYPE = "territoire_industrie"
LABEL = "Territoire d'industrie"
PHASES = {1: "2018-2022", 2: "2023-2027"}
_ID = re.compile(r"^ti[-_ ]?(\d{4})$", re.IGNORECASE)


def recognise(query: str) -> str | None:
    match = _ID.match(query.strip())
    return f"ti-{match.group(1)}" if match else None


def get(con, code: str, phase: int | None = None) -> Territoire | None:
    rows = con.execute(
        "select territoire_id, nom, phase from territoire_industrie where territoire_id = ? and (? is null or phase = ?) order by phase desc",
        [code, phase, phase],
    ).fetchall()
    if len(rows) == 1:
        return Territoire(TYPE, rows[0][0], rows[0][1], rows[0][2])
    return None


def candidates(con, code: str) -> list[Territoire]:
    """Every phase where the id exists (ids are reused with different meanings across phases)."""
    return territories(
        con, TYPE, "select territoire_id, nom, phase from territoire_industrie where territoire_id = ? order by phase", [code]
    )


def unknown(code: str) -> str:
    return (
        f"Territoire d'industrie {code} inconnu. Les identifiants ti-RRNN diffèrent entre la phase 1 et la phase 2 : "
        "listez-les avec vigie sql \"select territoire_id, phase, nom from territoire_industrie order by 1\"."
    )


def parents(con, t: Territoire) -> list[Territoire]:
    return territories(
        con,
        "region",
        "select r.code_region, r.nom_region from territoire_industrie t join region r using (code_region) where t.territoire_id = ? and t.phase = ?",
        [t.code, t.phase],
    )


def children(con, t: Territoire) -> list[Territoire]:
    rows = con.execute(
        """
        select kind, coalesce(siren_groupement, code_commune, siren_membre), nom_membre
        from territoire_industrie_membre where territoire_id = ? and phase = ? order by nom_membre
        """,
        [t.code, t.phase],
    ).fetchall()
    return [Territoire("commune" if k == "commune" else k, code, nom) for k, code, nom in rows]
