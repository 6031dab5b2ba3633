"""Map reads shared by the API (``/api/v1/carte``) and the home page: one computation, two renderings.

Geometry and values are separate answers: switching indicator or year re-reads a few kilobytes
of values, never the polygons. The class breaks are quantiles computed in SQL over the values of
the territories drawn; a territory without value is in no class (« donnée manquante »), never 0.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

import duckdb

from vigie_industrie import errors
from vigie_industrie.indicators import registry

NB_CLASSES = 5
ATTRIBUTION_ANCT = "Contours : ANCT, d'après IGN ADMIN EXPRESS (COG) — Licence Ouverte 2.0"
ATTRIBUTION_ODBL = "Contours : Regards Citoyens / Toxicode, ODbL"
MANQUANT = "donnée manquante"


@dataclass(frozen=True)
class Couche:
    """One map level: its contour mart (None when the warehouse has no contours for it)."""

    type: str
    libelle: str
    table: str | None
    code: str
    nom: str
    attribution: str
    message: str | None = None


COUCHES: dict[str, Couche] = {
    c.type: c
    for c in (
        Couche("epci", "EPCI", "contour_epci", "siren_epci", "nom_epci", ATTRIBUTION_ANCT),
        Couche(
            "zone_emploi", "Zone d'emploi", None, "code", "nom", "",
            "Contours des zones d'emploi non disponibles : le fonds de carte INSEE du zonage 2020 n'est pas "
            "dans le miroir de données (source insee-zones-emploi-contours, non disponible hors miroir). "
            "Les valeurs restent lisibles dans le tableau.",
        ),
        Couche("departement", "Département", "contour_departement", "code_departement", "nom_departement",
               ATTRIBUTION_ANCT),
        Couche("region", "Région", "contour_region", "code_region", "nom_region", ATTRIBUTION_ANCT),
        Couche("circonscription", "Circonscription législative", "contour_circonscription", "circonscription_id",
               "libelle", ATTRIBUTION_ODBL),
    )
}


def couche(type_: str) -> Couche:
    try:
        return COUCHES[type_]
    except KeyError:
        raise errors.ValidationFailed(
            f"Niveau de carte « {type_} » inconnu : choisissez parmi {', '.join(COUCHES)}."
        ) from None


PREFIXES = {"region": "reg-", "departement": "dep-"}  # the unambiguous codes of the resolver (32 is both)


def lien(type_: str, code: str) -> str:
    """The territory page of one map feature (``/territoire/reg-32``, ``/territoire/dep-62``, ``/territoire/200072460``)."""
    return f"/territoire/{PREFIXES.get(type_, '')}{code}"


def contours(con: duckdb.DuckDBPyConnection, type_: str) -> dict:
    """FeatureCollection of one level (``id`` = territory code, properties code, nom, lien)."""
    c = couche(type_)
    if c.table is None:
        return {"type": "FeatureCollection", "niveau": type_, "disponible": False, "message": c.message,
                "attribution": None, "features": []}
    rows = con.execute(f"select {c.code}, {c.nom}, geometry from {c.table} order by 1").fetchall()
    return {
        "type": "FeatureCollection",
        "niveau": type_,
        "disponible": True,
        "attribution": c.attribution,
        "features": [_feature(code, nom, geometry, lien(type_, code)) for code, nom, geometry in rows],
    }


def territoires_industrie(con: duckdb.DuckDBPyConnection, phase: int) -> dict:
    """Outlines of the Territoires d'industrie of one phase (1: 2018-2022, 2: 2023-2027)."""
    if phase not in (1, 2):
        raise errors.ValidationFailed(f"Phase « {phase} » inconnue : 1 (2018-2022) ou 2 (2023-2027).")
    rows = con.execute(
        "select territoire_id, nom, methode, geometry from contour_territoire_industrie where phase = ? order by 1",
        [phase],
    ).fetchall()
    features = []
    for code, nom, methode, geometry in rows:
        feature = _feature(code, nom, geometry, f"/territoire/{code}?phase={phase}")
        feature["properties"]["methode"] = methode
        features.append(feature)
    return {"type": "FeatureCollection", "phase": phase, "attribution": ATTRIBUTION_ANCT + " ; ANCT, programme "
            "Territoires d'industrie", "features": features}


def contour(con: duckdb.DuckDBPyConnection, type_: str, code: str, phase: int | None = None) -> dict:
    """The outline of one territory, or of its parent when its kind has no contour (commune, ZE…)."""
    row = None
    if type_ == "territoire_industrie":
        row = con.execute("select nom, geometry from contour_territoire_industrie where territoire_id = ? "
                          "and phase = coalesce(?, 2)", [code, phase]).fetchone()
    elif type_ in COUCHES and COUCHES[type_].table:
        c = COUCHES[type_]
        row = con.execute(f"select {c.nom}, geometry from {c.table} where {c.code} = ?", [code]).fetchone()
    if row and row[1]:
        return {"type": "FeatureCollection", "propre": True, "message": None,
                "features": [_feature(code, row[0], row[1], None)]}
    parent = _parent(con, type_, code)
    if parent is None:
        return {"type": "FeatureCollection", "propre": False, "features": [],
                "message": "Pas de contour pour ce territoire dans l'entrepôt."}
    ptype, pcode, pnom, geometry, what = parent
    return {"type": "FeatureCollection", "propre": False,
            "message": f"Pas de contour propre ({what}) : contour de {pnom} affiché.",
            "features": [_feature(pcode, pnom, geometry, lien(ptype, pcode))]}


def _parent(con, type_: str, code: str):
    """(type, code, nom, geometry, why) of the outline shown for a kind without its own contour."""
    queries = {
        "commune": ("epci", "select k.siren_epci, k.nom_epci, k.geometry from commune c join contour_epci k "
                    "on k.siren_epci = c.siren_epci where c.code_commune = ?", "commune : son EPCI"),
        "ept": ("epci", "select k.siren_epci, k.nom_epci, k.geometry from commune c join contour_epci k "
                "on k.siren_epci = c.siren_epci where c.siren_ept = ? limit 1", "EPT : la Métropole du Grand Paris"),
        "zone_emploi": ("region", "select k.code_region, k.nom_region, k.geometry from zone_emploi z "
                        "join contour_region k on k.code_region = z.code_region where z.code_ze = ?",
                        "zone d'emploi : sa région principale"),
    }
    if type_ not in queries:
        return None
    ptype, sql, why = queries[type_]
    row = con.execute(sql, [code]).fetchone()
    return (ptype, *row, why) if row else None


def _feature(code: str, nom: str | None, geometry: str, href: str | None) -> dict:
    return {"type": "Feature", "id": code, "geometry": json.loads(geometry),
            "properties": {"code": code, "nom": nom, "lien": href}}


def _territoires_sql(c: Couche) -> str:
    if c.table is None:  # no contour: the values are still listed (table fallback)
        return "select code_ze as code, nom_ze as nom from zone_emploi"
    return f"select {c.code} as code, {c.nom} as nom from {c.table}"


def valeurs(con: duckdb.DuckDBPyConnection, type_: str, indicateur: str, *, annee: int | None = None,
            dimension: str | None = None) -> dict:
    """Each territory of one map level with its value of ``indicateur`` and its class (1-5, or None).

    The period is the latest one ending in or before ``annee`` that has values (the most common
    one when several end the same year), as in the rankings. The breaks are the quintiles of the
    non-missing values (``quantile_cont``), duplicates removed.
    """
    c = couche(type_)
    ind = registry.get(indicateur)
    dims = [d for (d,) in con.execute(
        "select distinct dimension from indicateur_valeur where type = ? and indicateur = ? order by 1 nulls first",
        [type_, indicateur]).fetchall()]
    if dimension is None and dims and None not in dims:
        dimension = dims[0]  # an indicator published only by dimension (sector): its first one
    elif dimension is not None and dimension not in dims:
        raise errors.ValidationFailed(
            f"Dimension « {dimension} » absente de l'indicateur {indicateur} pour ce niveau "
            f"(dimensions : {', '.join(d for d in dims if d) or 'aucune'}).")
    params = {"type": type_, "ind": indicateur, "dim": dimension, "annee": annee}
    rows = con.execute(
        f"""
        with serie as (
            select * from indicateur_valeur
            where type = $type and indicateur = $ind and dimension is not distinct from $dim
        ),
        periode as (
            select periode, annee from serie
            where valeur is not null and ($annee is null or annee <= $annee)
            group by periode, annee
            order by annee desc, count(*) desc, periode desc
            limit 1
        ),
        territoires as ({_territoires_sql(c)}),
        lignes as (
            select t.code, t.nom, v.valeur, v.niveau, v.note, v.source
            from territoires as t
            left join serie as v on v.code = t.code and v.periode = (select periode from periode)
        ),
        seuils as (
            select
                list_sort(list_distinct(quantile_cont(valeur, [0.2, 0.4, 0.6, 0.8]))) as seuils,
                min(valeur) as minimum, max(valeur) as maximum
            from lignes
        )
        select
            lignes.code, lignes.nom, lignes.valeur, lignes.niveau, lignes.note, lignes.source,
            case when lignes.valeur is null then null
                 else 1 + len(list_filter(seuils.seuils, s -> lignes.valeur > s)) end as classe,
            seuils.seuils, seuils.minimum, seuils.maximum,
            (select periode from periode) as periode, (select annee from periode) as annee
        from lignes, seuils
        order by lignes.code
        """,
        params,
    ).fetchall()
    annees = [a for (a,) in con.execute(
        "select distinct annee from indicateur_valeur where type = ? and indicateur = ? "
        "and dimension is not distinct from ? and valeur is not null order by 1",
        [type_, indicateur, dimension]).fetchall()]
    seuils, minimum, maximum, periode, annee_ = (rows[0][7:12] if rows else ([], None, None, None, None))
    bornes = [minimum, *(seuils or []), maximum] if minimum is not None else []
    effectifs: dict[int | None, int] = {}
    for row in rows:
        effectifs[row[6]] = effectifs.get(row[6], 0) + 1
    classes = [
        {"classe": k, "min": bornes[k - 1], "max": bornes[k], "min_inclus": k == 1, "effectif": effectifs.get(k, 0)}
        for k in range(1, len(bornes))
    ] if minimum is not None and minimum != maximum else (
        [{"classe": 1, "min": minimum, "max": maximum, "min_inclus": True, "effectif": effectifs.get(1, 0)}]
        if minimum is not None else [])
    return {
        "niveau_carte": type_,
        "libelle_niveau": c.libelle,
        "contours_disponibles": c.table is not None,
        "message": c.message,
        "attribution": c.attribution or None,
        "indicateur": {"id": ind.id, "libelle": ind.libelle, "unite": ind.unite, "source": ind.source,
                       "niveau": ind.niveau, "sens": ind.sens},
        "dimension": dimension,
        "dimensions": [d for d in dims if d],
        "periode": periode,
        "annee": annee_,
        "annees": annees,
        "seuils": list(seuils or []),
        "classes": classes,
        "nb_territoires": len(rows),
        "nb_manquants": effectifs.get(None, 0),
        "classe_manquante": MANQUANT,
        "sources": sorted({r[5] for r in rows if r[5]}),
        "lien_modele": lien(type_, "{code}"),
        "valeurs": [_valeur(r) for r in rows],
    }


def _valeur(row) -> dict:
    """One territory's value, compact (the map loads 1,255 of them): the note only when it explains a gap."""
    out = {"code": row[0], "nom": row[1], "valeur": row[2], "niveau": row[3], "classe": row[6]}
    if row[2] is None:
        out["note"] = row[4] or "Aucune valeur pour ce territoire à cette période."
    return out


_memo: dict[tuple, dict] = {}
_memo_lock = threading.Lock()
MEMO_MAX = 128


def valeurs_cached(warehouse, type_: str, indicateur: str, *, annee: int | None = None,
                   dimension: str | None = None) -> dict:
    """``valeurs`` memoised per warehouse file version (read-only at serve time; a rebuild is a new version).

    Why: the home page and the API ask the same few maps over and over; the answer is a pure
    function of the warehouse file and the arguments.
    """
    key = (str(warehouse.path), warehouse.version, type_, indicateur, annee, dimension)
    with _memo_lock:
        hit = _memo.get(key)
    if hit is None:
        hit = valeurs(warehouse.con, type_, indicateur, annee=annee, dimension=dimension)
        with _memo_lock:
            if len(_memo) >= MEMO_MAX:
                _memo.clear()
            _memo[key] = hit
    return hit
