"""Zones d'emploi 2020 (INSEE, 4-character codes; « parties régionales » are not zones)."""

from __future__ import annotations

import re

from vigie_industrie.territories import codes
from vigie_industrie.territories.kinds._common import one, territories
from vigie_industrie.territories.model import Territoire

TYPE = "zone_emploi"
LABEL = "Zone d'emploi"
_PREFIXED = re.compile(r"^ze[-_ ]?(\d{4})$", re.IGNORECASE)


def recognise(query: str) -> str | None:
    query = query.strip()
    match = _PREFIXED.match(query)
    if match:
        return match.group(1)
    return query if codes.ZONE_EMPLOI.match(query) else None


def get(con, code: str, phase: int | None = None) -> Territoire | None:
    row = one(con, "select code_ze, nom_ze from zone_emploi where code_ze = ?", [code])
    return Territoire(TYPE, row[0], row[1]) if row else None


def unknown(code: str) -> str:
    return (
        f"Zone d'emploi {code} inconnue dans le zonage 2020 (306 zones, codes à 4 caractères comme 3215 pour Lens). "
        "Si c'est une « partie régionale » d'une zone interrégionale, cherchez la zone entière par son nom."
    )


def parents(con, t: Territoire) -> list[Territoire]:
    return territories(
        con,
        "region",
        """
        select r.code_region, r.nom_region from commune_zone_emploi_cog2026 cz join commune c using (code_commune)
        join region r on r.code_region = c.code_region where cz.code_ze = ? group by all order by count(*) desc
        """,
        [t.code],
    )


def children(con, t: Territoire) -> list[Territoire]:
    return territories(
        con,
        "epci",
        """
        select e.siren_epci, e.nom_epci from commune_zone_emploi_cog2026 cz join commune c using (code_commune)
        join epci e on e.siren_epci = c.siren_epci where cz.code_ze = ? group by all order by count(*) desc
        """,
        [t.code],
    )
