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


# --- recognise and search ----------------------------------------------------------------


def recognise(con: duckdb.DuckDBPyConnection, code: str) -> dict | None:
    """The constituency for an exact ``circo-…`` id; ``None`` for anything else (a 5-character
    code is a commune). A malformed or unknown ``circo-…`` id raises an error saying what exists."""
    if not circo.looks_like_id(code) and not code.strip().lower().startswith("circo-"):
        return None
    try:
        ident = circo.normalize_id(code)
    except errors.InvalidCode:
        raise errors.InvalidCode(_unknown_departement_message(con, code)) from None
    row = _one(con, "select * from circonscription where circonscription_id = ?", [ident])
    if row is None:
        dep, _ = circo.split_id(ident)
        raise errors.UnknownTerritory(_what_exists(con, dep, code.strip()))
    return _candidate(row)


def search(con: duckdb.DuckDBPyConnection, text: str, limit: int = 20) -> list[dict]:
    """Constituencies matching a constituency name, else a deputy's name (accent- and
    case-insensitive). Returns candidates (``id``, ``kind``, ``label``, ``detail``)."""
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
        return [_candidate(row)]
    folded = circo.fold(text)
    if len(folded) < 3:
        return []
    rows = _all(
        con,
        """
        select c.*, d.nom_affiche, d.date_debut_mandat
        from depute as d
        inner join circonscription as c on c.circonscription_id = d.circonscription_id
        where d.is_en_cours
            and (
                regexp_replace(lower(strip_accents(d.nom)), '[^a-z0-9]+', ' ', 'g') = ?
                or regexp_replace(lower(strip_accents(d.prenom || ' ' || d.nom)), '[^a-z0-9]+', ' ', 'g') = ?
                or regexp_replace(lower(strip_accents(d.nom || ' ' || d.prenom)), '[^a-z0-9]+', ' ', 'g') = ?
                or regexp_replace(lower(strip_accents(d.nom)), '[^a-z0-9]+', ' ', 'g') like ? || ' %'
            )
        order by c.circonscription_id
        limit ?
        """,
        [folded, folded, folded, folded, limit],
    )
    return [
        {**_candidate(r), "detail": f"{r['nom_affiche']}, député(e) depuis le {r['date_debut_mandat']:%d/%m/%Y}"}
        for r in rows
    ]


def resolve(con: duckdb.DuckDBPyConnection, text: str) -> dict:
    """Exactly one constituency, or an actionable error (unknown, ambiguous)."""
    found = recognise(con, text)
    if found is not None:
        return found
    candidates = search(con, text)
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        listed = " ; ".join(f"{c['id']} ({c['detail']})" for c in candidates[:8])
        raise errors.AmbiguousTerritory(
            f"« {text.strip()} » désigne {len(candidates)} circonscriptions : {listed}. "
            "Précisez l'identifiant, par exemple vigie territoire " + candidates[0]["id"] + ".",
            candidates,
        )
    raise errors.UnknownTerritory(
        f"Aucune circonscription ni député ne correspond à « {text.strip()} ». Écrivez par exemple "
        "« Pas-de-Calais 8e circonscription », « 8e circonscription du Pas-de-Calais », circo-62-08 "
        "ou le nom du député ; la liste : GET /api/v1/circonscriptions."
    )


def _candidate(row: dict) -> dict:
    return {
        "id": row["circonscription_id"],
        "kind": KIND,
        "label": row["libelle"],
        "detail": row.get("nom_region") or row["nom_departement"],
    }


def _what_exists(con: duckdb.DuckDBPyConnection, dep: str, typed: str) -> str:
    ids = [r[0] for r in con.execute(
        "select circonscription_id from circonscription where code_departement = ? order by 1", [dep]
    ).fetchall()]
    if not ids:
        return _unknown_departement_message(con, typed)
    nom = con.execute(
        "select any_value(nom_departement) from circonscription where code_departement = ?", [dep]
    ).fetchone()[0]
    sentence = circo.count_sentence(nom, _type_liaison(con, dep), ids)
    return f"Circonscription « {typed} » inconnue. {sentence}"


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
    ident = circo.normalize_id(circonscription_id)
    row = _one(con, "select * from circonscription where circonscription_id = ?", [ident])
    if row is None:
        dep, _ = circo.split_id(ident)
        raise errors.UnknownTerritory(_what_exists(con, dep, circonscription_id))
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
            count(*) filter (where not cc.is_partiel) as nb_communes_entieres_trouvees,
        from circonscription_commune as cc
        inner join population as p on p.code_commune = cc.code_commune
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
            "(chaque millésime dans son COG : une commune fusionnée depuis peut manquer) ; les communes "
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


def circonscriptions_of(con: duckdb.DuckDBPyConnection, kind: str, code: str) -> dict:
    """Block for a commune, EPCI or zone d'emploi fiche: the constituencies it belongs to and
    their deputies. ``kind`` is ``commune``, ``epci`` or ``zone_emploi``."""
    if kind == "commune":
        where, params = "cc.code_commune = ?", [code]
    elif kind == "epci":
        where, params = "c.siren_epci = ?", [code]
    elif kind in ("zone_emploi", "ze"):
        where = "cc.code_commune in (select code_commune from commune_zone_emploi where code_ze = ?)"
        params = [code]
    else:
        raise ValueError(f"unsupported kind {kind!r}")
    rows = _all(
        con,
        f"""
        select
            ci.circonscription_id,
            any_value(ci.libelle) as libelle,
            count(*) as nb_communes,
            count(*) filter (where cc.is_partiel) as nb_communes_partielles,
            any_value(d.nom_affiche) as depute,
            any_value(d.date_debut_mandat) as date_debut_mandat,
        from circonscription_commune as cc
        inner join commune as c on c.code_commune = cc.code_commune
        inner join circonscription as ci on ci.circonscription_id = cc.circonscription_id
        left join depute as d on d.circonscription_id = cc.circonscription_id and d.is_en_cours
        where {where}
        group by ci.circonscription_id
        order by nb_communes desc, ci.circonscription_id
        """,
        params,
    )
    for r in rows:
        r["date_debut_mandat"] = _iso(r["date_debut_mandat"])
    return {
        "circonscriptions": rows,
        "note": "nb_communes : communes du territoire dans la circonscription (partielles : communes réparties entre plusieurs circonscriptions).",
        "source": f"{SOURCE_COMPOSITION} ; {SOURCE_RNE}",
        "vintage": f"{VINTAGE_COMPOSITION} ; {VINTAGE_RNE}",
        "licence": LICENCE_OUVERTE,
    }


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


def _all(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> list[dict]:
    cursor = con.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: list) -> dict | None:
    rows = _all(con, sql, params)
    return rows[0] if rows else None


def _iso(value) -> str | None:
    return None if value is None else value.isoformat()


def _int(value) -> int | None:
    return None if value is None else int(round(value))
