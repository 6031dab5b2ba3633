"""The fiche of a territory: identity, membership, population, unemployment, employment.

Plain data (dicts, lists, numbers) for every renderer: the CLI table, ``--json``, the API
and, later, the web page and the PDF. Each block carries the sources it comes from
(``sources``: id, publisher, vintage, licence) and the level it was computed at; a
missing figure is ``None``, never 0.
"""

from __future__ import annotations

import importlib
from typing import Callable

import duckdb

from vigie_industrie.territories import kinds
from vigie_industrie.territories.model import Territoire

MAX_CHILDREN = 50
# Extra blocks contributed by other capabilities: modules exposing
# ``block(con, territoire, communes) -> tuple[str, dict] | None``.
EXTRA_BLOCK_MODULES: tuple[str, ...] = (
    # issue 8: a constituency's own blocks; the constituencies and deputies of other territories
    "vigie_industrie.territories.circonscription_fiche",
)
URSSAF_LEVEL = {"commune": "commune", "epci": "epci", "zone_emploi": "ze", "departement": "departement", "region": "region"}


def communes_of(con: duckdb.DuckDBPyConnection, t: Territoire) -> list[str]:
    """Current commune codes making up the territory."""
    sql = kinds.kind(t.type).COMMUNES_SQL
    params = {"code": t.code}
    if "$phase" in sql:
        params["phase"] = t.phase
    return [row[0] for row in con.execute(sql, params).fetchall()]


def _sources(con, *source_ids: str) -> list[dict]:
    rows = con.execute(
        """
        select distinct source_id, editeur, titre, millesime, licence, attribution
        from source_provenance where list_contains(?, source_id) order by source_id
        """,
        [list(source_ids)],
    ).fetchall()
    return [
        {"id": r[0], "editeur": r[1], "titre": r[2], "millesime": r[3], "licence": r[4], "attribution": r[5]}
        for r in rows
    ]


def _population(con, communes: list[str]) -> dict:
    current = con.execute(
        "select sum(population), count(population) from commune where list_contains(?, code_commune)", [communes]
    ).fetchone()
    series = con.execute(
        """
        select p.annee, sum(p.population_municipale) as population
        from population p
        join commune_historique h on h.code_commune_ancien = p.code_commune
        where list_contains(?, h.code_commune)
        group by p.annee order by p.annee
        """,
        [communes],
    ).fetchall()
    return {
        "population_municipale": current[0],
        "annee": series[-1][0] if series else None,
        "serie": [{"annee": a, "population": v} for a, v in series],
        "niveau": "somme des communes",
        "sources": _sources(con, "insee-populations-legales-communes", "etalab-decoupage-administratif"),
    }


def _territoires_industrie(con, t: Territoire, communes: list[str]) -> dict:
    rows = con.execute(
        """
        select ti.phase, ti.periode, ti.territoire_id, ti.nom, ti.code_region, ti.nom_region, count(*) as nb_communes
        from commune_territoire_industrie cti
        join territoire_industrie ti using (territoire_id, phase)
        where list_contains(?, cti.code_commune)
        group by all order by ti.phase, nb_communes desc
        """,
        [communes],
    ).fetchall()
    by_phase = {1: [], 2: []}
    for phase, periode, tid, nom, reg, nom_reg, n in rows:
        by_phase[phase].append(
            {
                "territoire_id": tid, "nom": nom, "periode": periode, "code_region": reg, "nom_region": nom_reg,
                "nb_communes": n, "entier": n == len(communes),
            }
        )
    members = con.execute(
        "select phase, territoire_id from territoire_industrie_membre where siren_membre = ? or code_commune = ?",
        [t.code, t.code],
    ).fetchall()
    return {
        "phase_1": by_phase[1],
        "phase_2": by_phase[2],
        "membre_direct": [{"phase": p, "territoire_id": tid} for p, tid in members],
        "labellise_phase_1": bool(by_phase[1]),
        "labellise_phase_2": bool(by_phase[2]),
        "sources": _sources(con, "anct-territoires-industrie"),
    }


def _zones_emploi(con, communes: list[str]) -> dict:
    rows = con.execute(
        """
        with zones as (
            select cz.code_ze, count(distinct cz.code_commune) as nb_communes, sum(c.population) as population
            from commune_zone_emploi_cog2026 cz join commune c using (code_commune)
            where list_contains(?, cz.code_commune)
            group by cz.code_ze
        ),
        rates as (
            select chomage_zone_emploi.* from chomage_zone_emploi semi join zones using (code_ze)
        ),
        latest as (
            select code_ze, max(trimestre) as trimestre from rates
            where taux_chomage is not null group by code_ze
        ),
        series as (
            select
                code_ze, trimestre, taux_chomage,
                lag(taux_chomage, 4) over w as taux_4t, lag(taux_chomage, 20) over w as taux_20t,
            from rates window w as (partition by code_ze order by trimestre)
        )
        select z.code_ze, ze.nom_ze, z.nb_communes, z.population, l.trimestre, s.taux_chomage,
            s.taux_chomage - s.taux_4t, s.taux_chomage - s.taux_20t
        from zones z
        join zone_emploi ze using (code_ze)
        left join latest l using (code_ze)
        left join series s on s.code_ze = z.code_ze and s.trimestre = l.trimestre
        order by z.population desc nulls last
        """,
        [communes],
    ).fetchall()
    zones = [
        {
            "code_ze": r[0], "nom_ze": r[1], "nb_communes": r[2], "population": r[3], "trimestre": r[4],
            "taux_chomage": r[5],
            "evolution_4_trimestres_points": None if r[6] is None else round(r[6], 2),
            "evolution_20_trimestres_points": None if r[7] is None else round(r[7], 2),
        }
        for r in rows
    ]
    weighted = None
    rated = [z for z in zones if z["taux_chomage"] is not None and z["population"]]
    if len(zones) > 1 and rated:
        total = sum(z["population"] for z in rated)
        weighted = {
            "taux_chomage": round(sum(z["taux_chomage"] * z["population"] for z in rated) / total, 2),
            "trimestre": max(z["trimestre"] for z in rated),
            "ponderation": "population municipale des communes du territoire dans chaque zone",
            "zones_sans_taux": [z["code_ze"] for z in zones if z["taux_chomage"] is None],
        }
    return {
        "zones": zones,
        "taux_pondere": weighted,
        "definition": "taux de chômage localisé, moyenne trimestrielle CVS, au lieu de résidence (%)",
        "sources": _sources(con, "insee-zones-emploi-chomage"),
    }


def _emploi_total(con, t: Territoire, communes: list[str]) -> dict:
    series: dict[str, list[dict]] = {}
    level = URSSAF_LEVEL.get(t.type)
    if level:
        rows = con.execute(
            "select annee, emploi from emploi_total where source = 'URSSAF' and niveau = ? and code = ? order by annee",
            [level, t.code],
        ).fetchall()
        niveau_urssaf = level
    else:
        rows = con.execute(
            """
            select annee, sum(emploi) from emploi_total
            where source = 'URSSAF' and niveau = 'commune' and list_contains(?, code)
            group by annee order by annee
            """,
            [communes],
        ).fetchall()
        niveau_urssaf = "somme des communes"
    series["urssaf_prive"] = [{"annee": a, "emploi": v} for a, v in rows]
    estel_note = None
    if t.type == "zone_emploi":
        rows = con.execute(
            "select annee, emploi from emploi_total where source = 'INSEE ESTEL' and niveau = 'ze' and code = ? order by annee",
            [t.code],
        ).fetchall()
        series["estel_total"] = [{"annee": a, "emploi": v} for a, v in rows]
    else:
        estel_note = "Série ESTEL (emploi total) publiée par zone d'emploi seulement."
    return {
        "urssaf_prive": series["urssaf_prive"],
        "estel_total": series.get("estel_total"),
        "niveau_urssaf": niveau_urssaf,
        "note": estel_note,
        "definitions": {
            "urssaf_prive": "effectifs salariés du secteur privé au 31 décembre (URSSAF, hors agriculture)",
            "estel_total": "emploi total salarié et non salarié au lieu de travail (INSEE ESTEL)",
        },
        "sources": _sources(con, "ptod-emploi-ze-secteurs"),
    }


def _couverture_commune_ape(con, communes: list[str]) -> int:
    """How many of the communes lie inside the scope of the loaded commune × APE file."""
    return con.execute(
        "select count(*) from emploi_salarie_perimetre where list_contains(?, code_commune)", [communes]
    ).fetchone()[0]


def _secteurs_commune_ape(con, communes: list[str], covered: int) -> dict | None:
    if not communes or covered < len(communes):
        return None
    # The min/max range lets DuckDB skip row groups by their zone maps (10⁷ rows nationally).
    bounds = [min(communes), max(communes)]
    totals = con.execute(
        """
        select annee, sum(effectifs_salaries), sum(effectifs_salaries) filter (where code_grand_secteur = 'GS1'),
            sum(effectifs_salaries) filter (where a21 = 'C'), sum(nombre_etablissements)
        from emploi_salarie
        where code_commune between ? and ? and list_contains(?, code_commune)
        group by annee order by annee
        """,
        [*bounds, communes],
    ).fetchall()
    first, last = totals[0][0], totals[-1][0]
    top = con.execute(
        """
        with by_sector as (
            select a38, any_value(naf.libelle_a38) as libelle, annee, sum(effectifs_salaries) as effectifs
            from emploi_salarie join naf using (code_ape, a38)
            where code_commune between ? and ? and list_contains(?, code_commune) and annee in (?, ?)
            group by a38, annee
        )
        select a38, libelle,
            max(effectifs) filter (where annee = ?) as debut,
            max(effectifs) filter (where annee = ?) as fin
        from by_sector group by a38, libelle order by fin desc nulls last limit 5
        """,
        [*bounds, communes, first, last, first, last],
    ).fetchall()
    return {
        "niveau": "commune × APE (URSSAF)",
        "couverture": {"communes_dans_le_fichier": covered, "communes": len(communes)},
        "annees": [first, last],
        "serie": [
            {"annee": a, "total": tot, "industrie_gs1": ind, "manufacturier_c": manu, "etablissements": etab}
            for a, tot, ind, manu, etab in totals
        ],
        "top5_a38": [
            {
                "a38": code, "libelle": lib, "effectifs_debut": d, "effectifs_fin": f,
                "evolution_pct": None if not d or f is None else round(100 * (f - d) / d, 1),
            }
            for code, lib, d, f in top
        ],
        "sources": _sources(con, "urssaf-commune-ape-ze-rouen", "urssaf-commune-ape", "insee-naf2008-niveaux"),
    }


def _secteurs_zone(con, t: Territoire, communes: list[str], covered: int) -> dict | None:
    if t.type == "zone_emploi":
        code_ze, nom_ze = t.code, t.nom
    else:
        row = con.execute(
            """
            select cz.code_ze, any_value(z.nom_ze) from commune_zone_emploi_cog2026 cz join zone_emploi z using (code_ze)
            join commune c using (code_commune) where list_contains(?, cz.code_commune)
            group by cz.code_ze order by sum(c.population) desc nulls last limit 1
            """,
            [communes],
        ).fetchone()
        if not row:
            return None
        code_ze, nom_ze = row
    rows = con.execute(
        """
        select source, annee, sum(effectifs) as total, sum(effectifs) filter (where a5 = 'BE') as industrie
        from emploi_ze_secteur where code_ze = ? and nomenclature = 'A38'
        group by source, annee order by source, annee
        """,
        [code_ze],
    ).fetchall()
    latest = con.execute(
        "select max(annee) from emploi_ze_secteur where code_ze = ? and source = 'URSSAF'", [code_ze]
    ).fetchone()[0]
    top = con.execute(
        """
        select code_secteur, libelle_secteur,
            max(effectifs) filter (where annee = 2019) as eff_2019,
            max(effectifs) filter (where annee = ?) as eff_fin
        from emploi_ze_secteur where code_ze = ? and source = 'URSSAF' and nomenclature = 'A38'
        group by all order by eff_fin desc nulls last limit 5
        """,
        [latest, code_ze],
    ).fetchall()
    return {
        "niveau": "zone d'emploi (tableau sectoriel A38)",
        "zone_emploi": {"code_ze": code_ze, "nom_ze": nom_ze},
        "avertissement": None
        if t.type == "zone_emploi"
        else f"Chiffres de la zone d'emploi {nom_ze} ({code_ze}), pas du territoire : le détail commune × APE n'est pas chargé pour ce territoire.",
        "couverture_commune_ape": {"communes_dans_le_fichier": covered, "communes": len(communes)},
        "annees": [2019, latest],
        "serie": [{"source": s, "annee": a, "total": tot, "industrie_be": ind} for s, a, tot, ind in rows],
        "top5_a38": [
            {
                "a38": c, "libelle": lib, "effectifs_debut": d, "effectifs_fin": f,
                "evolution_pct": None if not d or f is None else round(100 * (f - d) / d, 1),
            }
            for c, lib, d, f in top
        ],
        "sources": _sources(con, "ptod-emploi-ze-secteurs"),
    }


def _relatives(items: list[Territoire]) -> dict:
    return {"total": len(items), "liste": [t.ref() for t in items[:MAX_CHILDREN]]}


def _extra_blocks() -> list[Callable]:
    return [importlib.import_module(name).block for name in EXTRA_BLOCK_MODULES]


def build(con: duckdb.DuckDBPyConnection, t: Territoire) -> dict:
    """The whole fiche of one resolved territory."""
    module = kinds.kind(t.type)
    communes = communes_of(con, t)
    fiche = {
        "type": t.type,
        "libelle_type": module.LABEL,
        "code": t.code,
        "nom": t.nom,
        "phase": t.phase,
        "notes": list(t.notes),
        "nb_communes": len(communes),
        "population": _population(con, communes),
        "parents": _relatives(module.parents(con, t)),
        "enfants": _relatives(module.children(con, t)),
        "territoires_industrie": _territoires_industrie(con, t, communes),
        "zones_emploi": _zones_emploi(con, communes),
        "emploi_total": _emploi_total(con, t, communes),
    }
    covered = _couverture_commune_ape(con, communes)
    fiche["emploi_salarie_secteurs"] = _secteurs_commune_ape(con, communes, covered) or _secteurs_zone(
        con, t, communes, covered
    )
    for block in _extra_blocks():
        result = block(con, t, communes)
        if result:
            fiche[result[0]] = result[1]
    return fiche
