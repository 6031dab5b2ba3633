"""A circonscription législative's own fiche blocks, typed (``fiches.model.Circonscription``).

The constituency fiche is the same ``Fiche`` as any territory's (population, emploi, chômage
from the indicator marts over its whole communes; Territoires d'industrie in the common
shape); :func:`blocks` adds what only a constituency has: its deputy, its communes (split
ones flagged), the EPCI and zones d'emploi it overlaps, INSEE's constituency indicators and
its contour link.

Split communes (a commune lying in several constituencies) are flagged everywhere: INSEE does
not say which part lies where, so totals are given over whole communes, and the split
communes' figures beside them, never added silently.
"""

from __future__ import annotations

from typing import Any

import duckdb

from vigie_industrie.fiches.citations import Citations
from vigie_industrie.fiches.model import (
    Bloc,
    CarteBloc,
    Chiffre,
    Circonscription,
    Colonne,
    CommuneCirconscription,
    CommunesBloc,
    Depute,
    DeputeBloc,
    Tableau,
)
from vigie_industrie.territories.kinds import _common as common
from vigie_industrie.territories.kinds import circonscription as kind

SOURCE = "insee-circonscriptions-legislatives"
# Indicators shown first in the fiche (all are in the table).
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


def blocks(con: duckdb.DuckDBPyConnection, ident: str, citations: Citations) -> Circonscription:
    """The constituency's own typed blocks."""
    row = common.query_row(con, "select * from circonscription where circonscription_id = ?", [ident])
    return Circonscription(
        code_insee=row["code_circo_insee"],
        numero=row["numero"],
        depute=depute_block(con, ident, citations),
        communes=communes_block(con, ident, citations),
        recoupements=recoupements_block(con, ident, citations),
        indicateurs_insee=indicateurs_block(con, ident, citations),
        carte=carte_block(con, ident, citations),
    )


def fiche(con: duckdb.DuckDBPyConnection, circonscription_id: str) -> dict[str, Any]:
    """The constituency's own blocks as JSON data (``GET /api/v1/circonscriptions/{id}``),
    with their numbered sources."""
    territoire = kind.get(con, circonscription_id)
    citations = Citations()
    data = blocks(con, territoire.code, citations)
    return {
        "id": territoire.code,
        "type": kind.TYPE,
        "nom": territoire.nom,
        **data.model_dump(mode="json"),
        "sources": [s.model_dump(mode="json") for s in citations.sources(con)],
    }


def depute_block(con: duckdb.DuckDBPyConnection, ident: str, citations: Citations) -> DeputeBloc:
    rows = common.query_rows(
        con,
        "select nom_affiche, nom, prenom, date_debut_mandat, is_en_cours from depute "
        "where circonscription_id = ? order by date_debut_mandat desc",
        [ident],
    )
    current = next((r for r in rows if r["is_en_cours"]), None)
    return DeputeBloc(
        id="depute",
        titre="Député(e)",
        depute=None if current is None else Depute(
            nom_affiche=current["nom_affiche"], nom=current["nom"], prenom=current["prenom"],
            date_debut_mandat=kind.iso(current["date_debut_mandat"]),
        ),
        siege_vacant=current is None,
        autres_lignes_rne=[
            Depute(nom_affiche=r["nom_affiche"], date_debut_mandat=kind.iso(r["date_debut_mandat"]))
            for r in rows if not r["is_en_cours"]
        ],
        notes=["Nom et début de mandat seulement ; les dates de naissance du RNE ne sont pas reprises."],
        sources=citations.cite(SOURCE),
    )


def communes_block(con: duckdb.DuckDBPyConnection, ident: str, citations: Citations) -> CommunesBloc:
    rows = common.query_rows(
        con,
        """
        select cc.code_commune, cc.nom_commune, cc.is_partiel, cc.nb_circonscriptions, c.population
        from circonscription_commune as cc
        left join commune as c on c.code_commune = cc.code_commune
        where cc.circonscription_id = ?
        order by cc.code_commune
        """,
        [ident],
    )
    return CommunesBloc(
        id="communes",
        titre="Communes",
        nb_communes=len(rows),
        nb_communes_entieres=sum(not r["is_partiel"] for r in rows),
        nb_communes_partielles=sum(bool(r["is_partiel"]) for r in rows),
        communes=[
            CommuneCirconscription(
                code_commune=r["code_commune"], nom_commune=r["nom_commune"], partielle=bool(r["is_partiel"]),
                nb_circonscriptions=r["nb_circonscriptions"], population=kind.to_int(r["population"]),
            )
            for r in rows
        ],
        notes=[
            "Une commune partielle est répartie entre plusieurs circonscriptions ; INSEE ne dit pas quelle "
            "partie relève de laquelle : ses chiffres ne sont jamais ajoutés aux totaux sans le dire."
        ],
        sources=citations.cite(SOURCE, "etalab-decoupage-administratif"),
    )


def _overlap(con: duckdb.DuckDBPyConnection, ident: str, level: str) -> list[dict]:
    """EPCI or zones d'emploi overlapping the constituency, with communes and population in each."""
    if level == "epci":
        join = "left join epci as t on t.siren_epci = c.siren_epci"
        key, name = "c.siren_epci", "t.nom_epci"
    else:
        join = ("left join commune_zone_emploi_cog2026 as cz on cz.code_commune = c.code_commune "
                "left join zone_emploi as t on t.code_ze = cz.code_ze")
        key, name = "cz.code_ze", "t.nom_ze"
    return common.query_rows(
        con,
        f"""
        select
            {key} as code,
            any_value({name}) as nom,
            count(distinct c.code_commune) as nb_communes,
            count(distinct c.code_commune) filter (where cc.is_partiel) as nb_communes_partielles,
            sum(c.population) filter (where not cc.is_partiel)::bigint as population_communes_entieres,
            sum(c.population) filter (where cc.is_partiel)::bigint as population_communes_partielles,
        from circonscription_commune as cc
        inner join commune as c on c.code_commune = cc.code_commune
        {join}
        where cc.circonscription_id = ?
        group by {key}
        order by nb_communes desc, code
        """,
        [ident],
    )


def recoupements_block(con: duckdb.DuckDBPyConnection, ident: str, citations: Citations) -> Bloc:
    colonnes = [
        Colonne(id="code", libelle="Code"),
        Colonne(id="nom", libelle="Nom"),
        Colonne(id="nb_communes", libelle="Communes"),
        Colonne(id="nb_communes_partielles", libelle="dont partielles"),
        Colonne(id="population_communes_entieres", libelle="Population des communes entières", unite="habitants"),
        Colonne(id="population_communes_partielles", libelle="Population des communes partielles (en entier)", unite="habitants"),
    ]
    return Bloc(
        id="recoupements",
        titre="EPCI et zones d'emploi recoupés",
        tableaux=[
            Tableau(id="epci", titre="EPCI", colonnes=colonnes, lignes=_overlap(con, ident, "epci"),
                    sources=citations.cite(SOURCE, "etalab-decoupage-administratif")),
            Tableau(id="zones_emploi", titre="Zones d'emploi", colonnes=colonnes, lignes=_overlap(con, ident, "zone_emploi"),
                    sources=citations.cite(SOURCE, "insee-zones-emploi-chomage")),
        ],
        notes=["Population municipale des communes (COG de l'entrepôt) ; celle des communes partielles est donnée à part, en entier."],
        sources=citations.cite(SOURCE, "etalab-decoupage-administratif", "insee-zones-emploi-chomage"),
    )


def indicateurs_block(con: duckdb.DuckDBPyConnection, ident: str, citations: Citations) -> Bloc:
    """INSEE's indicators published on the constituency itself (parts of split communes included)."""
    rows = common.query_rows(
        con,
        "select indicateur, libelle, unite, valeur, valeur_france from circonscription_indicateur_insee "
        "where circonscription_id = ? order by rang",
        [ident],
    )
    by_code = {r["indicateur"]: r for r in rows}
    numbers = citations.cite(SOURCE)
    chiffres = [
        Chiffre(id=c, libelle=by_code[c]["libelle"], valeur=by_code[c]["valeur"], unite=by_code[c]["unite"],
                valeur_france=by_code[c]["valeur_france"], niveau="exact", sources=numbers)
        for c in KEY_INDICATORS if c in by_code
    ]
    table = Tableau(
        id="indicateurs_insee", titre="Tous les indicateurs INSEE de la circonscription",
        colonnes=[Colonne(id="indicateur", libelle="Indicateur"), Colonne(id="libelle", libelle="Libellé"),
                  Colonne(id="unite", libelle="Unité"), Colonne(id="valeur", libelle="Valeur"),
                  Colonne(id="valeur_france", libelle="France")],
        lignes=rows, sources=numbers,
    )
    return Bloc(
        id="indicateurs_insee",
        titre="Indicateurs INSEE de la circonscription (RP 2013 et 2019, BPE 2020, Filosofi 2019)",
        niveau="exact",
        definition="Indicateurs publiés par INSEE sur la circonscription elle-même (parts de communes comprises).",
        chiffres=chiffres,
        tableaux=[table],
        notes=["valeur_france : moyenne France hors Mayotte (recensement), France métropolitaine (pauvreté). « nd » d'INSEE = null."],
        sources=numbers,
    )


def carte_block(con: duckdb.DuckDBPyConnection, ident: str, citations: Citations) -> CarteBloc:
    found = con.execute("select count(*) from circonscription_contour where circonscription_id = ?", [ident]).fetchone()[0]
    return CarteBloc(
        id="carte", titre="Contour", disponible=bool(found), url=f"/api/v1/circonscriptions/{ident}/contour",
        attribution=kind.CONTOUR_ATTRIBUTION, notes=["Découpage 2010 (contours 2012)."], sources=citations.cite(SOURCE),
    )


def contour_block(con: duckdb.DuckDBPyConnection, ident: str, with_geometry: bool = True) -> dict:
    """The contour as GeoJSON properties (``GET /api/v1/circonscriptions/{id}/contour``)."""
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
