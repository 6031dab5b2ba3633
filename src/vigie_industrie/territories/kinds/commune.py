"""Communes (COG 2026); older codes resolve to their current commune."""

from __future__ import annotations

from vigie_industrie.territories import codes
from vigie_industrie.territories.kinds._common import one
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


# One read for the five parents (five reads cost 7.6 ms of a commune fiche's ~45, one 2.8 ms): the
# commune's row once, then each parent table; the zone d'emploi through the COG 2026 map.
_PARENTS = """
with c as materialized (
    select siren_epci, siren_ept, code_departement, code_region from commune where code_commune = $code
)
select 'epci' as type, e.siren_epci as code, e.nom_epci as nom, 1 as rang from c join epci e using (siren_epci)
union all
select 'ept', e.siren_ept, e.nom_ept, 2 from c join ept e using (siren_ept)
union all
select distinct 'zone_emploi', z.code_ze, z.nom_ze, 3
from commune_zone_emploi_cog2026 cz join zone_emploi z using (code_ze) where cz.code_commune = $code
union all
select 'departement', d.code_departement, d.nom_departement, 4 from c join departement d using (code_departement)
union all
select 'region', r.code_region, r.nom_region, 5 from c join region r using (code_region)
order by rang, code
"""


def parents(con, t: Territoire) -> list[Territoire]:
    """EPCI, EPT (Grand Paris), zone(s) d'emploi, département and région of the commune, in that order."""
    return [Territoire(type_, code, nom) for type_, code, nom, _rang in con.execute(_PARENTS, {"code": t.code}).fetchall()]


def children(con, t: Territoire) -> list[Territoire]:
    return []
