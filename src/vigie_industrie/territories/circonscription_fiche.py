"""The fiche of a circonscription législative, and the constituencies of other territories.

``fiche(con, id)`` returns the constituency's own blocks (each with ``source``, ``vintage``,
``licence``); ``block(con, t, communes)`` plugs them into the shared territory fiche
(``territories.fiche.EXTRA_BLOCK_MODULES``) and, for a commune, EPCI, zone d'emploi… names the
constituencies it overlaps and their deputies.

Split communes (a commune lying in several constituencies) are flagged everywhere: INSEE does not
say which part lies where, so totals are given over whole communes, and the split communes'
figures beside them, never added silently.
"""

from __future__ import annotations

from typing import Any

import duckdb

from vigie_industrie.territories import formatting
from vigie_industrie.territories.kinds import _common as common
from vigie_industrie.territories.kinds import circonscription as kind
from vigie_industrie.territories.model import Territoire

# Indicators shown first in the fiche (all are returned).
KEY_INDICATORS = (
    "pop_légal_19",
    "tvar_pop",
    "act_ouv",
    "act_cad",
    "act_emp",
    "actcho",
    "actdip_PEU",
    "tx_pauvrete60_diff",
    "nivvie_median_diff",
    "age_moyen",
)


# --- fiche ---------------------------------------------------------------------------------


def fiche(con: duckdb.DuckDBPyConnection, circonscription_id: str) -> dict[str, Any]:
    """The constituency's fiche: a dict of blocks, each with ``source``, ``vintage``, ``licence``."""
    ident = kind.get(con, circonscription_id).code
    row = common.query_row(con, "select * from circonscription where circonscription_id = ?", [ident])
    communes = communes_block(con, ident)
    return {
        "id": ident,
        "kind": kind.KIND,
        "label": row["libelle"],
        "blocks": {
            "identite": {
                "id": ident,
                "libelle": row["libelle"],
                "code_departement": row["code_departement"],
                "nom_departement": row["nom_departement"],
                "numero": row["numero"],
                "code_region": row["code_region"],
                "nom_region": row["nom_region"],
                "code_insee": row["code_circo_insee"],
                "source": kind.SOURCE_COMPOSITION,
                "vintage": kind.VINTAGE_COMPOSITION,
                "licence": kind.LICENCE_OUVERTE,
            },
            "depute": depute_block(con, ident),
            "communes": communes,
            "epci": overlap_block(con, ident, "epci"),
            "zones_emploi": overlap_block(con, ident, "zone_emploi"),
            "territoires_industrie": territoires_industrie_block(con, ident),
            "population": population_block(con, ident),
            "emploi_salarie_prive": emploi_block(con, ident),
            "chomage": chomage_block(con, ident),
            "indicateurs_insee": indicateurs_block(con, ident),
            "carte": contour_block(con, ident, with_geometry=False),
        },
    }


def depute_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    rows = common.query_rows(
        con,
        "select nom_affiche, nom, prenom, date_debut_mandat, is_en_cours from depute "
        "where circonscription_id = ? order by date_debut_mandat desc",
        [ident],
    )
    current = next((r for r in rows if r["is_en_cours"]), None)
    return {
        "depute": None if current is None else {
            "nom_affiche": current["nom_affiche"],
            "nom": current["nom"],
            "prenom": current["prenom"],
            "date_debut_mandat": kind.iso(current["date_debut_mandat"]),
        },
        "siege_vacant_a_l_extraction": current is None,
        "autres_lignes_rne": [
            {"nom_affiche": r["nom_affiche"], "date_debut_mandat": kind.iso(r["date_debut_mandat"])}
            for r in rows if not r["is_en_cours"]
        ],
        "note": "Nom et début de mandat seulement ; les dates de naissance du RNE ne sont pas reprises.",
        "source": kind.SOURCE_RNE,
        "vintage": kind.VINTAGE_RNE,
        "licence": kind.LICENCE_OUVERTE,
    }


def communes_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    rows = common.query_rows(
        con,
        """
        select cc.code_commune, cc.nom_commune, cc.is_partiel, cc.is_partiel_insee,
            cc.nb_circonscriptions, cc.codes_commune_source, c.population, cc.cog_annee
        from circonscription_commune as cc
        left join commune as c on c.code_commune = cc.code_commune
        where cc.circonscription_id = ?
        order by cc.code_commune
        """,
        [ident],
    )
    cog = rows[0]["cog_annee"] if rows else None
    return {
        "nb_communes": len(rows),
        "nb_communes_entieres": sum(not r["is_partiel"] for r in rows),
        "nb_communes_partielles": sum(bool(r["is_partiel"]) for r in rows),
        "communes_partielles": [
            {"code_commune": r["code_commune"], "nom_commune": r["nom_commune"],
             "nb_circonscriptions": r["nb_circonscriptions"]}
            for r in rows if r["is_partiel"]
        ],
        "communes": [
            {"code_commune": r["code_commune"], "nom_commune": r["nom_commune"], "is_partiel": r["is_partiel"],
             "population": kind.to_int(r["population"])}
            for r in rows
        ],
        "note": (
            "Une commune partielle est répartie entre plusieurs circonscriptions ; INSEE ne dit pas quelle "
            "partie relève de laquelle : ses chiffres ne sont jamais ajoutés aux totaux sans le dire."
        ),
        "source": kind.SOURCE_COMPOSITION,
        "vintage": f"{kind.VINTAGE_COMPOSITION} ; communes au COG {cog}",
        "licence": kind.LICENCE_OUVERTE,
    }


def overlap_block(con: duckdb.DuckDBPyConnection, ident: str, level: str) -> dict:
    """EPCI or zones d'emploi overlapping the constituency, with communes and population in each."""
    if level == "epci":
        join = "left join epci as t on t.siren_epci = c.siren_epci"
        key, name, extra = "c.siren_epci", "t.nom_epci", ", any_value(t.type_epci) as type"
        source = "COG / DGCL (etalab decoupage-administratif), composition des EPCI à fiscalité propre"
    else:
        join = ("left join commune_zone_emploi_cog2026 as cz on cz.code_commune = c.code_commune "
                "left join zone_emploi as t on t.code_ze = cz.code_ze")
        key, name, extra = "cz.code_ze", "t.nom_ze", ""
        source = "INSEE, zonage en zones d'emploi 2020"
    rows = common.query_rows(
        con,
        f"""
        select
            {key} as code,
            any_value({name}) as nom
            {extra},
            count(*) as nb_communes,
            count(*) filter (where cc.is_partiel) as nb_communes_partielles,
            sum(c.population) filter (where not cc.is_partiel) as population_communes_entieres,
            sum(c.population) filter (where cc.is_partiel) as population_communes_partielles,
        from circonscription_commune as cc
        inner join commune as c on c.code_commune = cc.code_commune
        {join}
        where cc.circonscription_id = ?
        group by {key}
        order by nb_communes desc, code
        """,
        [ident],
    )
    cog = con.execute("select max(cog_annee) from commune").fetchone()[0]
    return {
        "territoires": [
            {
                "code": r["code"],
                "nom": r["nom"],
                **({"type": r["type"]} if "type" in r else {}),
                "nb_communes": r["nb_communes"],
                "nb_communes_partielles": r["nb_communes_partielles"],
                "population_communes_entieres": kind.to_int(r["population_communes_entieres"]),
                "population_communes_partielles": kind.to_int(r["population_communes_partielles"]),
            }
            for r in rows
        ],
        "note": "Population municipale des communes (COG de l'entrepôt) ; celle des communes partielles est donnée à part, en entier.",
        "source": f"{kind.SOURCE_COMPOSITION} ; {source}",
        "vintage": f"communes au COG {cog}",
        "licence": kind.LICENCE_OUVERTE,
    }


def territoires_industrie_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    rows = common.query_rows(
        con,
        """
        with circo_communes as (
            select cc.code_commune, cc.is_partiel, c.siren_epci
            from circonscription_commune as cc
            inner join commune as c on c.code_commune = cc.code_commune
            where cc.circonscription_id = ?
        )
        select
            cast(cti.phase as varchar) as phase,
            cti.territoire_id,
            any_value(ti.nom) as nom,
            count(distinct circo_communes.code_commune) as nb_communes,
            list(distinct circo_communes.siren_epci) filter (where circo_communes.siren_epci is not null) as sirens,
        from circo_communes
        inner join commune_territoire_industrie as cti on cti.code_commune = circo_communes.code_commune
        left join territoire_industrie as ti
            on ti.territoire_id = cti.territoire_id and cast(ti.phase as varchar) = cast(cti.phase as varchar)
        group by all
        order by phase desc, nb_communes desc, territoire_id
        """,
        [ident],
    )
    names = {
        r[0]: r[1] for r in con.execute("select siren_epci, nom_epci from epci").fetchall()
    }
    territoires = []
    for r in rows:
        membres = common.query_rows(
            con,
            "select siren_membre, nom_membre, nature_membre from territoire_industrie_membre "
            "where territoire_id = ? and cast(phase as varchar) = ? order by nom_membre",
            [r["territoire_id"], r["phase"]],
        )
        territoires.append(
            {
                "phase": int(r["phase"]) if str(r["phase"]).isdigit() else r["phase"],
                "territoire_id": r["territoire_id"],
                "nom": r["nom"],
                "nb_communes_dans_la_circonscription": r["nb_communes"],
                "epci_dans_la_circonscription": [
                    {"siren_epci": s, "nom_epci": names.get(s)} for s in sorted(r["sirens"] or [])
                ],
                "membres": membres,
            }
        )
    return {
        "phase_1": [t for t in territoires if str(t["phase"]) == "1"],
        "phase_2": [t for t in territoires if str(t["phase"]) == "2"],
        "source": "ANCT, programme Territoires d'industrie (périmètres phase 1 2018-2022 et phase 2 2023-2027)",
        "vintage": "phase 1 : liste finale (149 territoires) ; phase 2 : COG 2023",
        "licence": kind.LICENCE_OUVERTE,
    }


def population_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    insee = {
        r["indicateur"]: r["valeur"]
        for r in common.query_rows(
            con,
            "select indicateur, valeur from circonscription_indicateur_insee where circonscription_id = ? "
            "and indicateur in ('pop_légal_19', 'pop_légal_13', 'tvar_pop')",
            [ident],
        )
    }
    series = common.query_rows(
        con,
        """
        select
            p.annee,
            any_value(p.cog_annee) as cog_annee,
            sum(p.population_municipale) filter (where not cc.is_partiel) as population_communes_entieres,
            sum(p.population_municipale) filter (where cc.is_partiel) as population_communes_partielles,
            count(distinct cc.code_commune) filter (where not cc.is_partiel) as nb_communes_entieres_trouvees,
        from circonscription_commune as cc
        inner join commune_historique as h on h.code_commune = cc.code_commune
        inner join population as p on p.code_commune = h.code_commune_ancien
        where cc.circonscription_id = ?
        group by p.annee
        order by p.annee
        """,
        [ident],
    )
    return {
        "population_legale_2019": kind.to_int(insee.get("pop_légal_19")),
        "population_legale_2013": kind.to_int(insee.get("pop_légal_13")),
        "taux_variation_annuel_2013_2019": insee.get("tvar_pop"),
        "serie_communes": series,
        "note": (
            "population_legale_* : population municipale de la circonscription publiée par INSEE (parts de "
            "communes comprises). serie_communes : somme des populations municipales des communes entières "
            "(chaque millésime dans son COG, ramené aux communes actuelles par les codes anciens) ; les communes "
            "partielles sont données à part, en entier, jamais ajoutées."
        ),
        "source": f"{kind.SOURCE_INDICATEURS} ; INSEE, populations légales des communes",
        "vintage": "populations légales 2013 et 2019 (INSEE 2022) ; millésimes communaux 2016-2023",
        "licence": kind.LICENCE_OUVERTE,
    }


def emploi_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    series = common.query_rows(
        con,
        """
        select
            e.annee,
            sum(e.emploi) filter (where not cc.is_partiel) as emploi_communes_entieres,
            sum(e.emploi) filter (where cc.is_partiel) as emploi_communes_partielles,
            count(*) filter (where not cc.is_partiel) as nb_communes_entieres_avec_donnee,
        from circonscription_commune as cc
        inner join emploi_total as e
            on e.code = cc.code_commune and e.niveau = 'commune' and lower(e.source) like 'urssaf%'
        where cc.circonscription_id = ?
        group by e.annee
        order by e.annee
        """,
        [ident],
    )
    nb = con.execute(
        "select count(*) filter (where not is_partiel), count(*) filter (where is_partiel) "
        "from circonscription_commune where circonscription_id = ?",
        [ident],
    ).fetchone()
    for r in series:
        for k in ("emploi_communes_entieres", "emploi_communes_partielles"):
            r[k] = kind.to_int(r[k])
    return {
        "serie": series,
        "communes_partielles_incluses": False,
        "nb_communes_entieres": nb[0],
        "nb_communes_partielles": nb[1],
        "note": (
            "Effectifs salariés privés au 31 décembre (URSSAF, hors agriculture), sommés sur les communes "
            "entières de la circonscription ; les communes partielles ne sont pas incluses dans le total "
            "(leur emploi entier est donné à part). Une commune sans établissement ou sous secret n'a pas "
            "de ligne : elle n'est pas comptée comme 0."
        ),
        "source": "URSSAF, effectifs salariés du secteur privé par commune (agrégation ptod-observatoire-territorial)",
        "vintage": "2014-2024",
        "licence": kind.LICENCE_OUVERTE,
    }


def chomage_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    """Unemployment of the overlapping zones d'emploi, weighted by the constituency's population
    in each (whole communes; split communes only when the constituency has no whole commune)."""
    weights = common.query_rows(
        con,
        """
        with communes as (
            select cc.code_commune, cc.is_partiel, c.population
            from circonscription_commune as cc
            inner join commune as c on c.code_commune = cc.code_commune
            where cc.circonscription_id = ?
        ),
        scope as (
            select * from communes
            where not is_partiel or not exists (select 1 from communes where not is_partiel)
        )
        select cz.code_ze, any_value(z.nom_ze) as nom_ze, sum(scope.population) as poids
        from scope
        inner join commune_zone_emploi_cog2026 as cz on cz.code_commune = scope.code_commune
        left join zone_emploi as z on z.code_ze = cz.code_ze
        group by cz.code_ze
        order by poids desc
        """,
        [ident],
    )
    total = sum(w["poids"] or 0 for w in weights)
    if not weights or not total:
        return {"serie": [], "zones": [], "note": "Aucune zone d'emploi rattachée.",
                "source": "INSEE, taux de chômage localisés par zone d'emploi", "vintage": None,
                "licence": kind.LICENCE_OUVERTE}
    codes = [w["code_ze"] for w in weights]
    rates = common.query_rows(
        con,
        "select code_ze, trimestre, taux_chomage from chomage_zone_emploi where code_ze in "
        f"({', '.join('?' for _ in codes)}) and taux_chomage is not null order by trimestre",
        codes,
    )
    by_quarter: dict[str, dict[str, float]] = {}
    for r in rates:
        by_quarter.setdefault(r["trimestre"], {})[r["code_ze"]] = r["taux_chomage"]
    share = {w["code_ze"]: (w["poids"] or 0) / total for w in weights}
    serie = [
        {"trimestre": q, "taux_chomage_pondere": round(sum(share[c] * v for c, v in values.items()), 2)}
        for q, values in sorted(by_quarter.items())
        if set(values) == set(codes)  # only quarters where every zone has a rate
    ]
    latest = serie[-1]["trimestre"] if serie else None
    return {
        "dernier_trimestre": latest,
        "taux_chomage_pondere": serie[-1]["taux_chomage_pondere"] if serie else None,
        "zones": [
            {"code_ze": w["code_ze"], "nom_ze": w["nom_ze"], "poids_population": round(share[w["code_ze"]], 4),
             "taux_chomage": by_quarter.get(latest, {}).get(w["code_ze"])}
            for w in weights
        ],
        "serie": serie,
        "note": (
            "Taux de chômage localisés (CVS, en % de la population active) des zones d'emploi de la "
            "circonscription, pondérés par la population municipale de ses communes dans chaque zone "
            "(communes entières). Ce n'est pas un taux mesuré sur la circonscription."
        ),
        "source": "INSEE, taux de chômage localisés par zone d'emploi (ZE2020) ; pondération : populations légales",
        "vintage": f"2003-T1 à {latest}" if latest else None,
        "licence": kind.LICENCE_OUVERTE,
    }


def indicateurs_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    rows = common.query_rows(
        con,
        "select indicateur, libelle, unite, valeur, valeur_france, rang from circonscription_indicateur_insee "
        "where circonscription_id = ? order by rang",
        [ident],
    )
    by_code = {r["indicateur"]: r for r in rows}
    return {
        "principaux": [_indicator(by_code[c]) for c in KEY_INDICATORS if c in by_code],
        "tous": [_indicator(r) for r in rows],
        "note": "valeur_france : moyenne France hors Mayotte (recensement), France métropolitaine (pauvreté). « nd » d'INSEE = null.",
        "source": f"{kind.SOURCE_INDICATEURS} (RP 2013 et 2019, BPE 2020, Filosofi 2019)",
        "vintage": "2022",
        "licence": kind.LICENCE_OUVERTE,
    }


def _indicator(r: dict) -> dict:
    return {k: r[k] for k in ("indicateur", "libelle", "unite", "valeur", "valeur_france")}


def contour_block(con: duckdb.DuckDBPyConnection, ident: str, with_geometry: bool = True) -> dict:
    row = common.query_row(con, "select * from circonscription_contour where circonscription_id = ?", [ident])
    block = {
        "disponible": row is not None,
        "url": f"/api/v1/circonscriptions/{ident}/contour",
        "attribution": kind.CONTOUR_ATTRIBUTION,
        "source": "Regards Citoyens / Toxicode, Atelier de cartographie de Sciences Po",
        "vintage": "découpage 2010 (contours 2012)",
        "licence": kind.ODBL,
    }
    if with_geometry and row is not None:
        block["geometry"] = row["geometry"]
    return block


# --- the constituencies of other territories ------------------------------------------------


def circonscriptions_of(con: duckdb.DuckDBPyConnection, communes: list[str]) -> dict:
    """For a commune, EPCI, zone d'emploi… fiche: the constituencies its communes belong to, with
    their deputies in office."""
    rows = common.query_rows(
        con,
        """
        select
            ci.circonscription_id,
            any_value(ci.libelle) as libelle,
            count(*) as nb_communes,
            count(*) filter (where cc.is_partiel) as nb_communes_partielles,
            any_value(d.nom_affiche) as depute,
            any_value(d.date_debut_mandat) as date_debut_mandat,
        from circonscription_commune as cc
        inner join circonscription as ci on ci.circonscription_id = cc.circonscription_id
        left join depute as d on d.circonscription_id = cc.circonscription_id and d.is_en_cours
        where list_contains(?, cc.code_commune)
        group by ci.circonscription_id
        order by nb_communes desc, ci.circonscription_id
        """,
        [list(communes)],
    )
    for r in rows:
        r["date_debut_mandat"] = kind.iso(r["date_debut_mandat"])
    return {
        "circonscriptions": rows,
        "note": (
            "nb_communes : communes du territoire dans la circonscription ; partielles : communes réparties "
            "entre plusieurs circonscriptions (INSEE ne dit pas quelle partie relève de laquelle)."
        ),
        "source": f"{kind.SOURCE_COMPOSITION} ; {kind.SOURCE_RNE}",
        "vintage": f"{kind.VINTAGE_COMPOSITION} ; {kind.VINTAGE_RNE}",
        "licence": kind.LICENCE_OUVERTE,
    }


# Kinds whose fiche names the constituencies they overlap (a région would list dozens).
_NAMED_IN = ("commune", "epci", "ept", "zone_emploi", "territoire_industrie", "departement")


def block(con: duckdb.DuckDBPyConnection, t: Territoire, communes: list[str]) -> tuple[str, dict] | None:
    """Extra fiche block (``territories.fiche.EXTRA_BLOCK_MODULES``): the whole constituency
    fiche for a constituency; the constituencies and deputies of a commune, EPCI, zone d'emploi…"""
    if t.type == kind.TYPE:
        data = fiche(con, t.code)["blocks"]
        return "circonscription", {
            "bloc_supplementaire": True,
            "titre": "Circonscription législative",
            "lignes": _lines(data),
            "sources": _provenance(con),
            **data,
        }
    if t.type not in _NAMED_IN:
        return None
    if t.type == "commune":
        communes = [t.code]
    if not communes:
        return None
    data = circonscriptions_of(con, communes)
    if not data["circonscriptions"]:
        return None
    lines = [
        f"{r['libelle']} ({r['circonscription_id']}) : {r['depute'] or 'siège vacant'}"
        + (f", {r['nb_communes']} commune(s)" if t.type != "commune" else "")
        + (f" dont {r['nb_communes_partielles']} partielle(s)" if r["nb_communes_partielles"] else "")
        for r in data["circonscriptions"]
    ]
    return "circonscriptions", {
        "bloc_supplementaire": True,
        "titre": "Circonscription(s) législative(s) et député(e)s",
        "lignes": lines,
        "sources": _provenance(con),
        **data,
    }


def _lines(b: dict) -> list[str]:
    """The constituency fiche in a few French lines (CLI)."""
    out = []
    dep = b["depute"]["depute"]
    out.append(
        f"Député(e) : {dep['nom_affiche']} (depuis le {_fr_date(dep['date_debut_mandat'])})" if dep
        else "Député(e) : siège vacant à l'extraction du RNE"
    )
    c = b["communes"]
    partielles = ", ".join(f"{p['nom_commune']} ({p['code_commune']})" for p in c["communes_partielles"])
    if not c["nb_communes"]:
        out.append("Communes : aucune dans la composition INSEE (Français de l'étranger, Mayotte et COM)")
    else:
        out.append(
            f"Communes : {c['nb_communes']}"
            + (f", dont {c['nb_communes_partielles']} partielle(s) : {partielles}" if c["nb_communes_partielles"]
               else ", toutes entières")
        )
    for key, label in (("epci", "EPCI"), ("zones_emploi", "Zones d'emploi")):
        parts = []
        for t in b[key]["territoires"]:
            entieres = t["nb_communes"] - t["nb_communes_partielles"]
            text = f"{t['nom']} ({t['code']}) : "
            if entieres:
                text += f"{entieres} commune(s) entière(s), {formatting.nombre(t['population_communes_entieres'])} hab."
            if t["nb_communes_partielles"]:
                text += (" + " if entieres else "") + f"{t['nb_communes_partielles']} commune(s) partielle(s)"
            parts.append(text)
        out.append(f"{label} : " + (" ; ".join(parts) or "aucun"))
    ti = b["territoires_industrie"]
    for phase in ("phase_1", "phase_2"):
        items = [
            f"« {t['nom']} » ({t['territoire_id']} ; EPCI : "
            + ", ".join(e["nom_epci"] or e["siren_epci"] for e in t["epci_dans_la_circonscription"]) + ")"
            for t in ti[phase]
        ]
        out.append(f"Territoires d'industrie {phase.replace('_', ' ')} : " + ("; ".join(items) or "aucun"))
    p = b["population"]
    out.append(f"Population légale 2019 (INSEE) : {formatting.nombre(p['population_legale_2019'])} hab.")
    serie = [r for r in b["emploi_salarie_prive"]["serie"] if r["emploi_communes_entieres"] is not None]
    if serie:
        out.append(
            f"Emploi salarié privé (URSSAF, communes entières, partielles exclues) : "
            f"{formatting.nombre(serie[0]['emploi_communes_entieres'])} en {serie[0]['annee']} → "
            f"{formatting.nombre(serie[-1]['emploi_communes_entieres'])} en {serie[-1]['annee']}"
        )
    ch = b["chomage"]
    if ch.get("taux_chomage_pondere") is not None:
        zones = ", ".join(f"{z['nom_ze']} {formatting.nombre(z['taux_chomage'], 1)} %" for z in ch["zones"])
        out.append(
            f"Chômage (zones d'emploi pondérées par la population, {ch['dernier_trimestre']}) : "
            f"{formatting.nombre(ch['taux_chomage_pondere'], 1)} % ({zones})"
        )
    for ind in b["indicateurs_insee"]["principaux"]:
        if ind["unite"] == "%":
            out.append(
                f"{ind['libelle']} : {formatting.nombre(ind['valeur'], 1)} % (France : {formatting.nombre(ind['valeur_france'], 1)} %)"
            )
    out.append(b["carte"]["attribution"])
    return out


def _provenance(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """This source's rows of ``source_provenance``, in the fiche's ``sources`` shape."""
    try:
        rows = con.execute(
            "select distinct editeur, titre, millesime, licence, attribution from source_provenance "
            "where source_id = 'insee-circonscriptions-legislatives'"
        ).fetchall()
    except duckdb.Error:
        rows = []
    return [
        {"id": "insee-circonscriptions-legislatives", "editeur": r[0], "titre": r[1], "millesime": r[2],
         "licence": r[3], "attribution": r[4]}
        for r in rows
    ]


def _fr_date(iso: str | None) -> str:
    return "?" if not iso else f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def list_all(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every constituency with its current deputy (for ``GET /api/v1/circonscriptions``)."""
    rows = common.query_rows(
        con,
        """
        select c.circonscription_id, c.libelle, c.code_departement, c.nom_departement, c.numero,
            c.code_region, c.nom_region, c.nb_communes, c.nb_communes_partielles,
            d.nom_affiche as depute, d.date_debut_mandat
        from circonscription as c
        left join depute as d on d.circonscription_id = c.circonscription_id and d.is_en_cours
        order by c.code_departement, c.numero
        """,
        [],
    )
    for r in rows:
        r["date_debut_mandat"] = kind.iso(r["date_debut_mandat"])
    return rows
