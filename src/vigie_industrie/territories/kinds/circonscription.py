"""Territory kind « circonscription législative »: recognise, search, fiche.

Reads the warehouse marts ``circonscription``, ``circonscription_commune``, ``depute``,
``circonscription_indicateur_insee``, ``circonscription_contour`` and the foundation marts
(``commune``, ``epci``, ``zone_emploi``, ``commune_zone_emploi``, ``territoire_industrie``,
``territoire_industrie_membre``, ``commune_territoire_industrie``, ``population``,
``chomage_zone_emploi``, ``emploi_total``).

A constituency is recognised only from an explicit ``circo-DD-NN`` id, a constituency name
(« Pas-de-Calais 8e circonscription ») or a deputy's name: a bare 5-character code is always a
commune (``62008`` is Acquin-Westbécourt).

Split communes (a commune lying in several constituencies) are flagged everywhere: INSEE does not
say which part lies where, so totals are given over whole communes, and the split communes'
figures are given beside them, never added silently.
"""

from __future__ import annotations

from typing import Any

import duckdb

from vigie_industrie import errors
from vigie_industrie.territories import circonscriptions as circo
from vigie_industrie.territories.model import Territoire

KIND = "circonscription"
LABEL = "Circonscription législative"

SOURCE_COMPOSITION = "INSEE, Composition communale des circonscriptions législatives (2022), rapportée au COG de l'entrepôt"
SOURCE_RNE = "Ministère de l'Intérieur, Répertoire national des élus (RNE)"
SOURCE_INDICATEURS = "INSEE, Indicateurs statistiques des circonscriptions législatives 2022"
LICENCE_OUVERTE = "Licence Ouverte / Open Licence 2.0"
ODBL = "ODbL 1.0"
CONTOUR_ATTRIBUTION = "Contours : Regards Citoyens / Toxicode, ODbL"
VINTAGE_COMPOSITION = "découpage 2010 (élections 2012-2024), composition INSEE 2022"
VINTAGE_RNE = "extraction RNE 2026-03 (mandats commencés jusqu'au 13/11/2025)"
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


# --- the kind interface (see territories/kinds/__init__.py) ----------------------------------

TYPE = KIND
# Whole communes only: a split commune (Paris, Marseille, Lyon, 313 INSEE rows) is never added
# to a constituency's totals; the `circonscription` block lists it, flagged.
COMMUNES_SQL = (
    "select code_commune from circonscription_commune where circonscription_id = $code and not is_partiel"
)


def recognise(query: str) -> str | None:
    """The canonical id for anything typed as ``circo-…`` (a malformed one is returned as typed,
    so that :func:`get` explains what exists); ``None`` otherwise. A 5-character code is a commune.

    >>> recognise("CIRCO-62-8"), recognise("62008"), recognise("circo-XX-01")
    ('circo-62-08', None, 'circo-XX-01')
    """
    text = query.strip()
    if not text.lower().startswith("circo") or text.lower().startswith("circonscription"):
        return None
    try:
        return circo.normalize_id(text)
    except errors.InvalidCode:
        return text


def get(con: duckdb.DuckDBPyConnection, code: str, phase: int | None = None) -> Territoire:
    """The constituency, or an error saying what exists (never ``None``: the message needs the
    warehouse)."""
    try:
        ident = circo.normalize_id(code)
    except errors.InvalidCode:
        raise errors.InvalidCode(_unknown_departement_message(con, code)) from None
    row = _one(con, "select * from circonscription where circonscription_id = ?", [ident])
    if row is None:
        dep, _ = circo.split_id(ident)
        raise errors.UnknownTerritory(_what_exists(con, dep, code.strip()))
    return _territoire(row)


def unknown(code: str) -> str:
    return (
        f"Circonscription {code} inconnue : identifiant circo-DD-NN (département, numéro), par exemple "
        "circo-62-08 ; la liste : GET /api/v1/circonscriptions."
    )


def parents(con: duckdb.DuckDBPyConnection, t: Territoire) -> list[Territoire]:
    out = []
    row = _one(con, "select code_departement, nom_departement, code_region, nom_region from circonscription "
                    "where circonscription_id = ?", [t.code])
    if row and row["code_departement"] != "ZZ":
        out.append(Territoire("departement", row["code_departement"], row["nom_departement"]))
    if row and row["code_region"]:
        out.append(Territoire("region", row["code_region"], row["nom_region"]))
    return out


def children(con: duckdb.DuckDBPyConnection, t: Territoire) -> list[Territoire]:
    return [
        Territoire("commune", r[0], r[1] + (" (partielle)" if r[2] else ""))
        for r in con.execute(
            "select code_commune, nom_commune, is_partiel from circonscription_commune "
            "where circonscription_id = ? order by code_commune",
            [t.code],
        ).fetchall()
    ]


def search(con: duckdb.DuckDBPyConnection, normalised_query: str) -> list[Territoire]:
    """Constituencies by name (« Pas-de-Calais 8e circonscription », « 8e circonscription du
    Pas-de-Calais »…) or by the name of their deputy in office."""
    return [_territoire(r) for r in _search_rows(con, normalised_query)]


def _search_rows(con: duckdb.DuckDBPyConnection, text: str, limit: int = 50) -> list[dict]:
    departements = dict(
        con.execute("select distinct code_departement, nom_departement from circonscription").fetchall()
    )
    parsed = circo.parse_name(text, departements)
    if parsed is not None:
        dep, numero = parsed
        ident = circo.make_id(dep, numero)
        row = _one(con, "select * from circonscription where circonscription_id = ?", [ident])
        if row is None:
            raise errors.UnknownTerritory(_what_exists(con, dep, text.strip()))
        return [row]
    folded = circo.fold(text)
    if "circonscription" in folded.split():
        # a constituency name whose département or number was not understood
        raise errors.UnknownTerritory(
            f"Aucune circonscription ne correspond à « {text.strip()} ». Écrivez le département et le numéro : "
            "« Pas-de-Calais 8e circonscription », « 8e circonscription du Pas-de-Calais », ou l'identifiant "
            "circo-62-08 ; la liste des 577 : GET /api/v1/circonscriptions."
        )
    if len(folded) < 3:
        return []
    return _all(
        con,
        """
        with deputes as (
            select
                *,
                regexp_replace(lower(strip_accents(nom)), '[^a-z0-9]+', ' ', 'g') as nom_n,
                regexp_replace(lower(strip_accents(prenom)), '[^a-z0-9]+', ' ', 'g') as prenom_n,
            from depute
            where is_en_cours
        )
        select c.*, d.nom_affiche, d.date_debut_mandat
        from deputes as d
        inner join circonscription as c on c.circonscription_id = d.circonscription_id
        where d.nom_n = $q
            or d.prenom_n || ' ' || d.nom_n = $q
            or d.nom_n || ' ' || d.prenom_n = $q
            or d.nom_n like $q || ' %'
            or d.nom_n like '% ' || $q
        order by c.circonscription_id
        limit $limit
        """,
        {"q": folded, "limit": limit},
    )


def _territoire(row: dict) -> Territoire:
    notes = ()
    if row.get("nom_affiche"):
        notes = (f"Député(e) : {row['nom_affiche']}, depuis le {row['date_debut_mandat']:%d/%m/%Y}.",)
    if row.get("nb_communes_partielles"):
        notes += (
            f"{row['nb_communes_partielles']} commune(s) partagée(s) avec d'autres circonscriptions : exclue(s) "
            "des sommes par commune (population, emploi), détaillée(s) dans le bloc « circonscription ».",
        )
    return Territoire(TYPE, row["circonscription_id"], row["libelle"], notes=notes)


def resolve(con: duckdb.DuckDBPyConnection, text: str) -> Territoire:
    """Exactly one constituency (id, name or deputy), or an actionable error."""
    code = recognise(text)
    if code is not None:
        return get(con, code)
    rows = _search_rows(con, text)
    if len(rows) == 1:
        return _territoire(rows[0])
    if rows:
        listed = " ; ".join(
            f"{r['circonscription_id']} ({r['libelle']}, {r.get('nom_affiche') or 'siège vacant'})" for r in rows[:8]
        )
        raise errors.AmbiguousTerritory(
            f"« {text.strip()} » désigne {len(rows)} circonscriptions : {listed}. Précisez l'identifiant.",
            [_territoire(r).ref() for r in rows],
        )
    raise errors.UnknownTerritory(
        f"Aucune circonscription ni député ne correspond à « {text.strip()} ». Écrivez par exemple "
        "« Pas-de-Calais 8e circonscription », « 8e circonscription du Pas-de-Calais », circo-62-08 "
        "ou le nom du député ; la liste : GET /api/v1/circonscriptions."
    )


def _what_exists(con: duckdb.DuckDBPyConnection, dep: str, typed: str) -> str:
    ids = [r[0] for r in con.execute(
        "select circonscription_id from circonscription where code_departement = ? order by 1", [dep]
    ).fetchall()]
    if not ids:
        return _unknown_departement_message(con, typed)
    nom = con.execute(
        "select any_value(nom_departement) from circonscription where code_departement = ?", [dep]
    ).fetchone()[0]
    return f"Circonscription « {typed} » inconnue. {circo.count_sentence(nom, _type_liaison(con, dep), ids)}"


def _unknown_departement_message(con: duckdb.DuckDBPyConnection, typed: str) -> str:
    total = con.execute("select count(*) from circonscription").fetchone()[0]
    return (
        f"Circonscription « {typed.strip()} » inconnue : les {total} circonscriptions ont pour identifiant "
        "circo-DD-NN, DD étant le département (01 à 95, 2A, 2B, 971 à 976, 975, 978, 986 à 988, ZZ pour "
        "les Français établis hors de France), par exemple circo-62-08."
    )


def _type_liaison(con: duckdb.DuckDBPyConnection, dep: str) -> int | None:
    """The COG's TNCC of a département (for its article), when the `departement` mart has it."""
    columns = {r[0] for r in con.execute("describe departement").fetchall()}
    for column in ("type_liaison", "tncc"):
        if column in columns:
            row = con.execute(f"select {column} from departement where code_departement = ?", [dep]).fetchone()
            return None if row is None or row[0] is None else int(row[0])
    return None


# --- fiche ---------------------------------------------------------------------------------


def fiche(con: duckdb.DuckDBPyConnection, circonscription_id: str) -> dict[str, Any]:
    """The constituency's fiche: a dict of blocks, each with ``source``, ``vintage``, ``licence``."""
    ident = get(con, circonscription_id).code
    row = _one(con, "select * from circonscription where circonscription_id = ?", [ident])
    communes = communes_block(con, ident)
    return {
        "id": ident,
        "kind": KIND,
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
                "source": SOURCE_COMPOSITION,
                "vintage": VINTAGE_COMPOSITION,
                "licence": LICENCE_OUVERTE,
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
    rows = _all(
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
            "date_debut_mandat": _iso(current["date_debut_mandat"]),
        },
        "siege_vacant_a_l_extraction": current is None,
        "autres_lignes_rne": [
            {"nom_affiche": r["nom_affiche"], "date_debut_mandat": _iso(r["date_debut_mandat"])}
            for r in rows if not r["is_en_cours"]
        ],
        "note": "Nom et début de mandat seulement ; les dates de naissance du RNE ne sont pas reprises.",
        "source": SOURCE_RNE,
        "vintage": VINTAGE_RNE,
        "licence": LICENCE_OUVERTE,
    }


def communes_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    rows = _all(
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
             "population": _int(r["population"])}
            for r in rows
        ],
        "note": (
            "Une commune partielle est répartie entre plusieurs circonscriptions ; INSEE ne dit pas quelle "
            "partie relève de laquelle : ses chiffres ne sont jamais ajoutés aux totaux sans le dire."
        ),
        "source": SOURCE_COMPOSITION,
        "vintage": f"{VINTAGE_COMPOSITION} ; communes au COG {cog}",
        "licence": LICENCE_OUVERTE,
    }


def overlap_block(con: duckdb.DuckDBPyConnection, ident: str, level: str) -> dict:
    """EPCI or zones d'emploi overlapping the constituency, with communes and population in each."""
    if level == "epci":
        join = "left join epci as t on t.siren_epci = c.siren_epci"
        key, name, extra = "c.siren_epci", "t.nom_epci", ", any_value(t.type_epci) as type"
        source = "COG / DGCL (etalab decoupage-administratif), composition des EPCI à fiscalité propre"
    else:
        join = ("left join commune_zone_emploi as cz on cz.code_commune = c.code_commune "
                "left join zone_emploi as t on t.code_ze = cz.code_ze")
        key, name, extra = "cz.code_ze", "t.nom_ze", ""
        source = "INSEE, zonage en zones d'emploi 2020"
    rows = _all(
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
                "population_communes_entieres": _int(r["population_communes_entieres"]),
                "population_communes_partielles": _int(r["population_communes_partielles"]),
            }
            for r in rows
        ],
        "note": "Population municipale des communes (COG de l'entrepôt) ; celle des communes partielles est donnée à part, en entier.",
        "source": f"{SOURCE_COMPOSITION} ; {source}",
        "vintage": f"communes au COG {cog}",
        "licence": LICENCE_OUVERTE,
    }


def territoires_industrie_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    rows = _all(
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
        membres = _all(
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
        "licence": LICENCE_OUVERTE,
    }


def population_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    insee = {
        r["indicateur"]: r["valeur"]
        for r in _all(
            con,
            "select indicateur, valeur from circonscription_indicateur_insee where circonscription_id = ? "
            "and indicateur in ('pop_légal_19', 'pop_légal_13', 'tvar_pop')",
            [ident],
        )
    }
    series = _all(
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
        "population_legale_2019": _int(insee.get("pop_légal_19")),
        "population_legale_2013": _int(insee.get("pop_légal_13")),
        "taux_variation_annuel_2013_2019": insee.get("tvar_pop"),
        "serie_communes": series,
        "note": (
            "population_legale_* : population municipale de la circonscription publiée par INSEE (parts de "
            "communes comprises). serie_communes : somme des populations municipales des communes entières "
            "(chaque millésime dans son COG, ramené aux communes actuelles par les codes anciens) ; les communes "
            "partielles sont données à part, en entier, jamais ajoutées."
        ),
        "source": f"{SOURCE_INDICATEURS} ; INSEE, populations légales des communes",
        "vintage": "populations légales 2013 et 2019 (INSEE 2022) ; millésimes communaux 2016-2023",
        "licence": LICENCE_OUVERTE,
    }


def emploi_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    series = _all(
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
            r[k] = _int(r[k])
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
        "licence": LICENCE_OUVERTE,
    }


def chomage_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    """Unemployment of the overlapping zones d'emploi, weighted by the constituency's population
    in each (whole communes; split communes only when the constituency has no whole commune)."""
    weights = _all(
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
        inner join commune_zone_emploi as cz on cz.code_commune = scope.code_commune
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
                "licence": LICENCE_OUVERTE}
    codes = [w["code_ze"] for w in weights]
    rates = _all(
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
        "licence": LICENCE_OUVERTE,
    }


def indicateurs_block(con: duckdb.DuckDBPyConnection, ident: str) -> dict:
    rows = _all(
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
        "source": f"{SOURCE_INDICATEURS} (RP 2013 et 2019, BPE 2020, Filosofi 2019)",
        "vintage": "2022",
        "licence": LICENCE_OUVERTE,
    }


def _indicator(r: dict) -> dict:
    return {k: r[k] for k in ("indicateur", "libelle", "unite", "valeur", "valeur_france")}


def contour_block(con: duckdb.DuckDBPyConnection, ident: str, with_geometry: bool = True) -> dict:
    row = _one(con, "select * from circonscription_contour where circonscription_id = ?", [ident])
    block = {
        "disponible": row is not None,
        "url": f"/api/v1/circonscriptions/{ident}/contour",
        "attribution": CONTOUR_ATTRIBUTION,
        "source": "Regards Citoyens / Toxicode, Atelier de cartographie de Sciences Po",
        "vintage": "découpage 2010 (contours 2012)",
        "licence": ODBL,
    }
    if with_geometry and row is not None:
        block["geometry"] = row["geometry"]
    return block


# --- the constituencies of other territories ------------------------------------------------


def circonscriptions_of(con: duckdb.DuckDBPyConnection, communes: list[str]) -> dict:
    """For a commune, EPCI, zone d'emploi… fiche: the constituencies its communes belong to, with
    their deputies in office."""
    rows = _all(
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
        r["date_debut_mandat"] = _iso(r["date_debut_mandat"])
    return {
        "circonscriptions": rows,
        "note": (
            "nb_communes : communes du territoire dans la circonscription ; partielles : communes réparties "
            "entre plusieurs circonscriptions (INSEE ne dit pas quelle partie relève de laquelle)."
        ),
        "source": f"{SOURCE_COMPOSITION} ; {SOURCE_RNE}",
        "vintage": f"{VINTAGE_COMPOSITION} ; {VINTAGE_RNE}",
        "licence": LICENCE_OUVERTE,
    }


# Kinds whose fiche names the constituencies they overlap (a région would list dozens).
_NAMED_IN = ("commune", "epci", "ept", "zone_emploi", "territoire_industrie", "departement")


def block(con: duckdb.DuckDBPyConnection, t: Territoire, communes: list[str]) -> tuple[str, dict] | None:
    """Extra fiche block (``territories.fiche.EXTRA_BLOCK_MODULES``): the whole constituency
    fiche for a constituency; the constituencies and deputies of a commune, EPCI, zone d'emploi…"""
    if t.type == TYPE:
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
                text += f"{entieres} commune(s) entière(s), {_fmt(t['population_communes_entieres'])} hab."
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
    out.append(f"Population légale 2019 (INSEE) : {_fmt(p['population_legale_2019'])} hab.")
    serie = [r for r in b["emploi_salarie_prive"]["serie"] if r["emploi_communes_entieres"] is not None]
    if serie:
        out.append(
            f"Emploi salarié privé (URSSAF, communes entières, partielles exclues) : "
            f"{_fmt(serie[0]['emploi_communes_entieres'])} en {serie[0]['annee']} → "
            f"{_fmt(serie[-1]['emploi_communes_entieres'])} en {serie[-1]['annee']}"
        )
    ch = b["chomage"]
    if ch.get("taux_chomage_pondere") is not None:
        zones = ", ".join(f"{z['nom_ze']} {_fmt(z['taux_chomage'], 1)} %" for z in ch["zones"])
        out.append(
            f"Chômage (zones d'emploi pondérées par la population, {ch['dernier_trimestre']}) : "
            f"{_fmt(ch['taux_chomage_pondere'], 1)} % ({zones})"
        )
    for ind in b["indicateurs_insee"]["principaux"]:
        if ind["unite"] == "%":
            out.append(
                f"{ind['libelle']} : {_fmt(ind['valeur'], 1)} % (France : {_fmt(ind['valeur_france'], 1)} %)"
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


def _fmt(value, digits: int = 0) -> str:
    if value is None:
        return "n.d."
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\u202f").replace(".", ",")


def _fr_date(iso: str | None) -> str:
    return "?" if not iso else f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def list_all(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every constituency with its current deputy (for ``GET /api/v1/circonscriptions``)."""
    rows = _all(
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
        r["date_debut_mandat"] = _iso(r["date_debut_mandat"])
    return rows


# --- helpers -------------------------------------------------------------------------------


def _all(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list | dict) -> dict | None:
    rows = _all(con, sql, params)
    return rows[0] if rows else None


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def _int(value) -> int | None:
    return None if value is None else int(round(value))
