"""Communes (COG 2026); older codes resolve to their current commune."""

from __future__ import annotations

from vigie_industrie.territories import codes
from vigie_industrie.territories.kinds._common import one, territories
from vigie_industrie.territories.model import Territoire

TYPE = "commune"
LABEL = "Commune"


def recognise(query: str) -> str | None:
    code = query.strip().upper()
    return code if codes.is_commune_code(code) else None


def get(con, code: str, phase: int | None = None) -> Territoire | None:
    row = one(con, "select code_commune, nom_commune from commune where code_commune = ?", [code])
    if row:
        return Territoire(TYPE, row[0], row[1])
    row = one(
        con,
        """
        select h.code_commune, c.nom_commune, h.nom, h.type_lien
        from commune_historique h join commune c using (code_commune)
        where h.code_commune_ancien = ?
        """,
        [code],
    )
    if row:
        note = f"Le code {code} ({row[2]}, {row[3]}) correspond aujourd'hui à la commune {row[0]} {row[1]}."
        return Territoire(TYPE, row[0], row[1], notes=(note,))
    return None


def get_by_siren(con, siren: str) -> Territoire | None:
    row = one(con, "select code_commune, nom_commune from commune where siren_commune = ?", [siren])
    return Territoire(TYPE, row[0], row[1]) if row else None


def unknown(code: str) -> str:
    return (
        f"Code commune {code} inconnu dans le COG 2026 (ni commune actuelle, ni ancienne commune). "
        'Vérifiez le code ou cherchez par nom : vigie territoire "Blendecques".'
    )


def parents(con, t: Territoire) -> list[Territoire]:
    out = territories(
        con,
        "epci",
        "select e.siren_epci, e.nom_epci from commune c join epci e using (siren_epci) where c.code_commune = ?",
        [t.code],
    )
    out += territories(
        con,
        "ept",
        "select e.siren_ept, e.nom_ept from commune c join ept e using (siren_ept) where c.code_commune = ?",
        [t.code],
    )
    out += territories(
        con,
        "zone_emploi",
        """
        select distinct z.code_ze, z.nom_ze from commune_zone_emploi_cog2026 cz join zone_emploi z using (code_ze)
        where cz.code_commune = ? order by 1
        """,
        [t.code],
    )
    out += territories(
        con,
        "departement",
        "select d.code_departement, d.nom_departement from commune c join departement d using (code_departement) where c.code_commune = ?",
        [t.code],
    )
    out += territories(
        con,
        "region",
        "select r.code_region, r.nom_region from commune c join region r using (code_region) where c.code_commune = ?",
        [t.code],
    )
    return out


def children(con, t: Territoire) -> list[Territoire]:
    return []
