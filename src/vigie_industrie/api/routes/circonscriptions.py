"""Circonscriptions législatives: the list with deputies, one constituency's blocks, its contour.

The full territory fiche (generic blocks + the ``circonscription`` block) is served by
``GET /api/v1/territoires/circo-62-08`` like any territory.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from vigie_industrie.api.deps import WarehouseDep
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.territories import circonscription_fiche
from vigie_industrie.territories.kinds import circonscription as circo_kind

router = APIRouter(prefix="/circonscriptions", tags=["circonscriptions"])


@router.get("", summary="Liste des circonscriptions législatives et de leurs députés")
def list_circonscriptions(
    warehouse: WarehouseDep,
    departement: Annotated[str | None, Query(description="Code du département (62, 2A, 971, ZZ…)")] = None,
) -> dict[str, Any]:
    """Les 577 circonscriptions (découpage de 2010), avec le député en exercice à l'extraction du
    RNE, le nombre de communes et de communes partielles (réparties entre plusieurs circonscriptions)."""
    rows = circonscription_fiche.list_all(warehouse.con)
    if departement:
        rows = [r for r in rows if r["code_departement"] == departement.strip().upper()]
    return {
        "total": len(rows),
        "circonscriptions": rows,
        "sources": {
            "composition": circo_kind.SOURCE_COMPOSITION,
            "deputes": circo_kind.SOURCE_RNE,
            "vintage": f"{circo_kind.VINTAGE_COMPOSITION} ; {circo_kind.VINTAGE_RNE}",
            "licence": circo_kind.LICENCE_OUVERTE,
        },
    }


@router.get(
    "/contours",
    summary="Contours GeoJSON des circonscriptions, pour la carte (ODbL)",
    response_class=JSONResponse,
    responses={200: {"content": {"application/geo+json": {}}}, **problem_responses(422, 503)},
)
def get_contours(
    warehouse: WarehouseDep,
    departement: Annotated[str | None, Query(description="Code du département (62, 2A, 971…)")] = None,
) -> JSONResponse:
    """Une *FeatureCollection* GeoJSON (WGS84) des 566 contours (les Français de l'étranger n'en
    ont pas), avec le député. Licence ODbL : affichez ``attribution`` partout où la carte est montrée."""
    rows = warehouse.con.execute(
        """
        select c.circonscription_id, c.libelle, c.code_departement, d.nom_affiche, k.geometry
        from circonscription_contour as k
        inner join circonscription as c on c.circonscription_id = k.circonscription_id
        left join depute as d on d.circonscription_id = c.circonscription_id and d.is_en_cours
        where ? is null or c.code_departement = ?
        order by c.circonscription_id
        """,
        [departement and departement.strip().upper()] * 2,
    ).fetchall()
    collection = {
        "type": "FeatureCollection",
        "attribution": circo_kind.CONTOUR_ATTRIBUTION,
        "licence": circo_kind.ODBL,
        "features": [
            {
                "type": "Feature",
                "id": ident,
                "geometry": json.loads(geometry),
                "properties": {"circonscription_id": ident, "libelle": libelle, "code_departement": dep,
                               "depute": depute},
            }
            for ident, libelle, dep, depute, geometry in rows
        ],
    }
    return JSONResponse(collection, media_type="application/geo+json")


@router.get(
    "/{circonscription_id}",
    summary="Blocs propres à une circonscription",
    responses=problem_responses(404, 422, 503),
)
def get_circonscription(circonscription_id: str, warehouse: WarehouseDep) -> dict[str, Any]:
    """Député, communes (partielles signalées), EPCI et zones d'emploi recoupés, Territoires
    d'industrie, population, emploi salarié privé, chômage pondéré, indicateurs INSEE 2022 ; chaque
    bloc avec sa source, son millésime et sa licence. ``circonscription_id`` : ``circo-62-08``."""
    return circonscription_fiche.fiche(warehouse.con, circonscription_id)


@router.get(
    "/{circonscription_id}/contour",
    summary="Contour GeoJSON d'une circonscription (ODbL)",
    response_class=JSONResponse,
    responses={200: {"content": {"application/geo+json": {}}}, **problem_responses(404, 422, 503)},
)
def get_contour(circonscription_id: str, warehouse: WarehouseDep) -> JSONResponse:
    """Une *Feature* GeoJSON (WGS84). Licence ODbL : affichez l'attribution
    « Contours : Regards Citoyens / Toxicode, ODbL » partout où la carte est montrée."""
    territoire = circo_kind.get(warehouse.con, circonscription_id)
    block = circonscription_fiche.contour_block(warehouse.con, territoire.code, with_geometry=True)
    geometry = block.pop("geometry", None)
    if geometry is None:
        from vigie_industrie import errors

        raise errors.NotFound(
            f"Pas de contour pour {territoire.code} ({territoire.nom}) : les 11 circonscriptions des Français "
            "établis hors de France n'en ont pas."
        )
    feature = {
        "type": "Feature",
        "id": territoire.code,
        "geometry": json.loads(geometry),
        "properties": {"circonscription_id": territoire.code, "libelle": territoire.nom, **block},
    }
    return JSONResponse(feature, media_type="application/geo+json")
