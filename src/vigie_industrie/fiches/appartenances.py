"""What a territory holds and belongs to: its communes, parents and children, the Territoires
d'industrie of both phases, the constituencies and deputies of its communes.

Membership is not additive, so it uses every commune of the territory, split ones included
(a constituency's split commune does lie partly in it); additive figures come from the
indicator marts, over whole communes.
"""

from __future__ import annotations

import duckdb

from vigie_industrie.fiches.citations import Citations
from vigie_industrie.fiches.model import (
    CirconscriptionRef,
    Circonscriptions,
    Relatifs,
    TerritoireIndustrie,
    TerritoireRef,
    TerritoiresIndustrie,
)
from vigie_industrie.territories.kinds import _common as common
from vigie_industrie.territories.model import Territoire

MAX_CHILDREN = 50
# Kinds whose fiche names the constituencies they overlap (a région would list dozens).
CIRCONSCRIPTIONS_NAMED_IN = ("commune", "epci", "ept", "zone_emploi", "territoire_industrie", "departement")


def communes(con: duckdb.DuckDBPyConnection, t: Territoire) -> list[tuple[str, bool]]:
    """``(code_commune, entier)`` of every current commune of the territory, from the one
    crosswalk ``territoire_commune`` (``entier`` is false for a constituency's split communes)."""
    rows = con.execute(
        """
        select code_commune, entier from territoire_commune
        where type = ? and code = ? and phase is not distinct from ? order by code_commune
        """,
        [t.type, t.code, t.phase],
    ).fetchall()
    return [(c, bool(e)) for c, e in rows]


def relatifs(items: list[Territoire]) -> Relatifs:
    return Relatifs(
        total=len(items),
        liste=[TerritoireRef(type=t.type, code=t.code, nom=t.nom, phase=t.phase) for t in items[:MAX_CHILDREN]],
    )


def territoires_industrie(
    con: duckdb.DuckDBPyConnection, t: Territoire, codes: list[str], citations: Citations
) -> TerritoiresIndustrie:
    """The Territoires d'industrie (both phases) holding some of ``codes``, with the territory's
    EPCI in each: one shape for every kind, constituencies included."""
    rows = common.query_rows(
        con,
        """
        select cti.phase, any_value(ti.periode) as periode, cti.territoire_id, any_value(ti.nom) as nom,
            any_value(ti.code_region) as code_region, any_value(ti.nom_region) as nom_region,
            count(distinct cti.code_commune) as nb_communes,
            list(distinct {'siren': c.siren_epci, 'nom': e.nom_epci} order by {'siren': c.siren_epci, 'nom': e.nom_epci})
                filter (where c.siren_epci is not null) as epci
        from (select unnest(?::varchar[]) as code_commune) as t
        inner join commune_territoire_industrie as cti using (code_commune)
        inner join territoire_industrie as ti using (territoire_id, phase)
        left join commune as c on c.code_commune = cti.code_commune
        left join epci as e on e.siren_epci = c.siren_epci
        group by cti.phase, cti.territoire_id
        order by cti.phase, nb_communes desc, cti.territoire_id
        """,
        [codes],
    )
    members = common.query_rows(
        con,
        """
        select m.phase, m.territoire_id, any_value(ti.nom) as nom
        from territoire_industrie_membre as m
        left join territoire_industrie as ti using (territoire_id, phase)
        where m.siren_membre = ? or m.code_commune = ?
        group by all order by m.phase, m.territoire_id
        """,
        [t.code, t.code],
    )
    items = [
        TerritoireIndustrie(
            phase=r["phase"], periode=r["periode"], territoire_id=r["territoire_id"], nom=r["nom"],
            code_region=r["code_region"], nom_region=r["nom_region"], nb_communes=r["nb_communes"],
            entier=bool(codes) and r["nb_communes"] == len(codes),
            # the EPCI names come with the first query (one query fewer per fiche)
            epci=[TerritoireRef(type="epci", code=e["siren"], nom=e["nom"] or e["siren"]) for e in (r["epci"] or [])],
        )
        for r in rows
    ]
    return TerritoiresIndustrie(
        id="territoires_industrie",
        titre="Territoires d'industrie",
        definition="Programme national : phase 1 (2018-2022), phase 2 (2023-2027).",
        territoires=items,
        membre_direct=[
            TerritoireRef(type="territoire_industrie", code=m["territoire_id"], nom=m["nom"] or m["territoire_id"], phase=m["phase"])
            for m in members
        ],
        labellise_phases=sorted({i.phase for i in items}),
        sources=citations.cite("anct-territoires-industrie"),
    )


def circonscriptions(
    con: duckdb.DuckDBPyConnection, t: Territoire, codes: list[str], citations: Citations
) -> Circonscriptions | None:
    """For a commune, EPCI, zone d'emploi…: the constituencies its communes belong to and their deputies."""
    if t.type not in CIRCONSCRIPTIONS_NAMED_IN or not codes:
        return None
    rows = common.query_rows(
        con,
        """
        select ci.circonscription_id, any_value(ci.libelle) as libelle, count(*) as nb_communes,
            count(*) filter (where cc.is_partiel) as nb_communes_partielles,
            any_value(d.nom_affiche) as depute, any_value(d.date_debut_mandat) as date_debut_mandat
        from (select unnest(?::varchar[]) as code_commune) as t
        inner join circonscription_commune as cc using (code_commune)
        inner join circonscription as ci on ci.circonscription_id = cc.circonscription_id
        left join depute as d on d.circonscription_id = cc.circonscription_id and d.is_en_cours
        group by ci.circonscription_id
        order by nb_communes desc, ci.circonscription_id
        """,
        [codes],
    )
    if not rows:
        return None
    for r in rows:
        r["date_debut_mandat"] = None if r["date_debut_mandat"] is None else r["date_debut_mandat"].isoformat()
    return Circonscriptions(
        id="circonscriptions",
        titre="Circonscription(s) législative(s) et député(e)s",
        notes=[
            "nb_communes : communes du territoire dans la circonscription ; partielles : communes réparties "
            "entre plusieurs circonscriptions (INSEE ne dit pas quelle partie relève de laquelle)."
        ],
        circonscriptions=[CirconscriptionRef(**r) for r in rows],
        sources=citations.cite("insee-circonscriptions-legislatives"),
    )
