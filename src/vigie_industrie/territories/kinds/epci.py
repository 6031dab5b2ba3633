"""EPCI à fiscalité propre (CC, CA, CU, métropoles), by SIREN."""

from __future__ import annotations

from vigie_industrie.territories import codes
from vigie_industrie.territories.kinds._common import one, territories
from vigie_industrie.territories.model import Territoire

TYPE = "epci"
LABEL = "EPCI"


def recognise(query: str) -> str | None:
    code = query.strip()
    return code if codes.SIREN.match(code) else None


def get(con, code: str, phase: int | None = None) -> Territoire | None:
    row = one(con, "select siren_epci, nom_epci from epci where siren_epci = ?", [code])
    return Territoire(TYPE, row[0], row[1]) if row else None


def unknown(code: str) -> str:
    return (
        f"SIREN {code} inconnu : ni EPCI, ni EPT, ni commune de la géographie 2026. "
        'Vérifiez-le ou cherchez par nom : vigie territoire "Pays de Saint-Omer".'
    )


def parents(con, t: Territoire) -> list[Territoire]:
    out = territories(
        con,
        "departement",
        """
        select d.code_departement, d.nom_departement from commune c join departement d using (code_departement)
        where c.siren_epci = ? group by all order by count(*) desc
        """,
        [t.code],
    )
    out += territories(
        con,
        "region",
        """
        select r.code_region, r.nom_region from commune c join region r using (code_region)
        where c.siren_epci = ? group by all order by count(*) desc
        """,
        [t.code],
    )
    return out


def children(con, t: Territoire) -> list[Territoire]:
    return territories(
        con,
        "commune",
        "select code_commune, nom_commune from commune where siren_epci = ? order by population desc nulls last",
        [t.code],
    )
