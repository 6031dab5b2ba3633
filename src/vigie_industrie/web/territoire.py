"""``/territoire/{code}``: the page of a territory of any kind, and its data downloads.

The page renders the API's fiche (``fiches.service.fiche_cached``, the object
``GET /api/v1/territoires/{code}`` serialises; ``fiches.perimetre`` for a custom perimeter
``perim-N``): ``.json`` is that very document, ``.csv`` its figures flat (one row per figure,
``observatoire.csvout``: spreadsheet-safe), ``.pdf`` the printable fiche of
``vigie_industrie.reports`` (a 503 page while that package is absent).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from vigie_industrie import errors
from vigie_industrie.web.session import PageActor
from vigie_industrie.api.deps import StoreDep, WarehouseDep
from vigie_industrie.fiches import perimetre, service
from vigie_industrie.fiches.model import Fiche
from vigie_industrie.observatoire import cible, csvout
from vigie_industrie.web import graphiques, templating

router = APIRouter(include_in_schema=False)

PhaseQ = Annotated[int | None, Query(ge=1, le=2)]
TypeQ = Annotated[str | None, Query(max_length=40)]
CSV_COLUMNS = ("bloc", "indicateur", "libelle", "dimension", "valeur", "unite", "periode", "niveau", "methode",
               "valeur_region", "valeur_france", "rang_france", "nb_france", "rang_region", "nb_region", "note", "sources")


def fiche_of(warehouse, store, actor, code: str, phase: int | None, type_: str | None) -> Fiche:
    """The API's fiche: a warehouse territory, or a custom perimeter as this caller may see it."""
    if perimetre.is_perimetre(code):
        from vigie_industrie.api.routes._observatoire import lookup

        return perimetre.fiche_cached(warehouse, code, lookup(store, actor))
    return service.fiche_cached(warehouse, code, phase=phase, type_=type_)


def csv_rows(fiche: Fiche) -> list[dict]:
    """Every figure of the fiche, one row each (the key figures are the blocks' own figures)."""
    sources = {s.numero: s.attribution for s in fiche.sources}
    blocs = list(fiche.blocs)
    if fiche.circonscription is not None:
        blocs.append(fiche.circonscription.indicateurs_insee)
    rows = []
    for bloc in blocs:
        for c in bloc.chiffres:
            rows.append({
                "bloc": bloc.id, "indicateur": c.id, "libelle": c.libelle, "dimension": c.dimension, "valeur": c.valeur,
                "unite": c.unite, "periode": c.periode, "niveau": c.niveau, "methode": c.methode,
                "valeur_region": c.valeur_region, "valeur_france": c.valeur_france, "rang_france": c.rang_france,
                "nb_france": c.nb_france, "rang_region": c.rang_region, "nb_region": c.nb_region, "note": c.note,
                "sources": [f"[{n}] {sources.get(n, '')}" for n in c.sources],
            })
    return rows


def addresses(fiche: Fiche) -> dict[str, str]:
    """The page of the fiche and its downloads (``.json``, ``.csv``, ``.pdf``), phase kept."""
    page = f"/territoire/{fiche.code}" if fiche.type == "perimetre" else templating.lien(fiche.type, fiche.code, fiche.phase)
    base, _, query = page.partition("?")
    return {"page": page, **{fmt: f"{base}.{fmt}" + (f"?{query}" if query else "") for fmt in ("json", "csv", "pdf")}}


def _filename(fiche: Fiche) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in f"territoire-{fiche.code}")


@router.get("/territoire/{code}.json")
def territoire_json(code: str, warehouse: WarehouseDep, store: StoreDep, actor: PageActor,
                    phase: PhaseQ = None, type: TypeQ = None) -> Response:
    from vigie_industrie.api.routes.territoires import fiche_document

    return Response(fiche_document(warehouse, store, actor, code, phase, type), media_type="application/json")


@router.get("/territoire/{code}.csv")
def territoire_csv(code: str, warehouse: WarehouseDep, store: StoreDep, actor: PageActor,
                   phase: PhaseQ = None, type: TypeQ = None) -> Response:
    fiche = fiche_of(warehouse, store, actor, code, phase, type)
    return Response(csvout.to_csv(csv_rows(fiche), CSV_COLUMNS), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{_filename(fiche)}.csv"'})


@router.get("/territoire/{code}.pdf")
def territoire_pdf(request: Request, code: str, warehouse: WarehouseDep, store: StoreDep, actor: PageActor,
                   phase: PhaseQ = None, type: TypeQ = None):
    fiche = fiche_of(warehouse, store, actor, code, phase, type)
    from vigie_industrie import reports  # WeasyPrint is heavy: imported on the first PDF only

    body = reports.render(fiche, "pdf", con=warehouse.con)  # con: peers/région/France series of the charts
    return Response(body, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{_filename(fiche)}.pdf"'})


@router.get("/territoire/{code}")
def territoire_page(request: Request, code: str, warehouse: WarehouseDep, store: StoreDep, actor: PageActor,
                    phase: PhaseQ = None, type: TypeQ = None):
    try:
        fiche = fiche_of(warehouse, store, actor, code, phase, type)
    except errors.UnknownTerritory as exc:
        # The page proposes the closest names (the JSON keeps the API's problem document).
        if not getattr(exc, "candidates", None):
            exc.suggestions = [t.ref() for t in cible.closest_names(warehouse.con, code)]
        raise
    return templating.render(request, "territoire.html", {
        "fiche": fiche, "graphiques": graphiques.graphiques(warehouse, fiche), "adresses": addresses(fiche),
        "programme": programme_bloc(request, store, actor, fiche), "acteur": actor,
    })


def programme_bloc(request: Request, store, actor, fiche: Fiche) -> dict | None:
    """The programme block (contract, projects, missions, need counts) of a TI, an EPCI or a région.

    Read as the caller through the store's rights (``pilotage.bloc_territoire``: public rows, needs
    counted only); None for other kinds, an empty programme, or a store that cannot be read (the
    territory page never fails because of the programme store).
    """
    from vigie_industrie.programme import pilotage

    where = {"territoire_industrie": {"territoire_id": fiche.code, "phase": fiche.phase},
             "epci": {"siren_epci": fiche.code}, "region": {"region": fiche.code}}.get(fiche.type)
    if where is None:
        return None
    try:
        with store.session() as session:
            return pilotage.bloc_territoire(session=session, actor=actor, today=request.app.state.clock(), **where)
    except errors.VigieError:
        return None
    except Exception as exc:  # a store that cannot be reached: the page stays up without the block
        if type(exc).__module__.startswith("sqlalchemy"):
            return None
        raise
