"""Home page ``/``: the national map of any registry indicator, with a table that reads without JS.

The page and ``/api/v1/carte`` share ``carte.service``: the legend, the classes and the table of
the page are the API's answer rendered on the server; ``static/js/carte.js`` then draws the
polygons (maplibre-gl, local assets, no tiles) and re-reads only the values when the indicator,
level or year changes. The form is a plain GET form, so every choice also works without JS.

``/carte/apercu.svg`` is the same map as a static picture (``carte.apercu``): the page's first
paint and its map without JS, replaced by maplibre once maplibre has drawn its first frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Callable
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request

from vigie_industrie import errors
from vigie_industrie.api.deps import WarehouseDep
from vigie_industrie.carte import apercu, http_cache, service
from vigie_industrie.indicators import registry
from vigie_industrie.web import templating

router = APIRouter(include_in_schema=False)

DEFAUT_NIVEAU = "epci"
DEFAUT_INDICATEUR = "part_industrie"
NB_EXTREMES = 10
PALETTE = ("#e8edff", "#b1c4f2", "#6e8fd9", "#3558a8", "#000091")  # light → dark blue (DSFR bleu France)
MANQUANT_COULEUR = "#cecece"


def couleurs(n: int) -> list[str]:
    """``n`` colours of the palette, evenly spaced (fewer than 5 classes when quintiles coincide); same rule in carte.js."""
    if n <= 1:
        return [PALETTE[-1]] * n
    return [PALETTE[round(k * (len(PALETTE) - 1) / (n - 1))] for k in range(n)]


def groupes() -> list[tuple[str, list[registry.Indicateur]]]:
    """The whole registry, by family, for the indicator selector."""
    return [(libelle, registry.by_famille(famille)) for famille, libelle in registry.FAMILLES.items()
            if registry.by_famille(famille)]


def extremes(valeurs: list[dict], n: int = NB_EXTREMES) -> tuple[list[dict], list[dict]]:
    """The ``n`` highest and ``n`` lowest territories with a value (missing ones are never ranked)."""
    present = sorted((v for v in valeurs if v["valeur"] is not None), key=lambda v: (-v["valeur"], v["code"]))
    return present[:n], list(reversed(present[-n:])) if len(present) > n else []


@dataclass
class ChoixCarte:
    """The map the home page and its picture draw: one set of query parameters for both routes."""

    niveau: Annotated[str, Query(max_length=20)] = DEFAUT_NIVEAU
    indicateur: Annotated[str, Query(max_length=80)] = DEFAUT_INDICATEUR
    annee: Annotated[int | None, Query(ge=1900, le=2100)] = None
    ti: Annotated[str, Query(pattern="^(0|1|2)$")] = "2"


ChoixDep = Annotated[ChoixCarte, Depends()]


def lien_apercu(niveau: str, indicateur: str, annee: int | None, ti: str) -> str:
    q = {"niveau": niveau, "indicateur": indicateur, "ti": ti, **({"annee": annee} if annee else {})}
    return f"/carte/apercu.svg?{urlencode(q)}"


@router.get("/")
def accueil(request: Request, warehouse: WarehouseDep, choix: ChoixDep):
    niveau, indicateur, annee, ti = choix.niveau, choix.indicateur, choix.annee, choix.ti
    data = service.valeurs_cached(warehouse, niveau, indicateur, annee=annee)
    hauts, bas = extremes(data["valeurs"])
    return templating.render(request, "accueil.html", {
        "rubrique": "carte",
        "carte": data,
        "groupes": groupes(),
        "couches": service.COUCHES,
        "niveau": niveau,
        "annee_demandee": annee,
        "ti": ti,
        "hauts": hauts,
        "bas": bas,
        "palette": PALETTE,
        "couleurs": couleurs(len(data["classes"])),
        "manquant_couleur": MANQUANT_COULEUR,
        "attribution_anct": service.ATTRIBUTION_ANCT,
        "attribution_odbl": service.ATTRIBUTION_ODBL,
        "apercu": lien_apercu(niveau, indicateur, annee, ti) if data["contours_disponibles"] else None,
        "bornes": apercu.json_bornes(),
    })


def _apercu(warehouse, choix: ChoixCarte) -> tuple[tuple, Callable[[], bytes]]:
    """(cache key, build) of the map picture of ``choix``: one definition for the route and the warm-up."""

    def build() -> bytes:
        data = service.valeurs_cached(warehouse, choix.niveau, choix.indicateur, annee=choix.annee)
        if not data["contours_disponibles"]:
            raise errors.NotFound(f"Pas de contours pour le niveau « {data['libelle_niveau']} » : pas d'image de la carte.")
        return apercu.apercu(warehouse, data, couleurs(len(data["classes"])), MANQUANT_COULEUR, choix.ti).encode()

    return ("apercu", choix.niveau, choix.indicateur, choix.annee, choix.ti), build


def prechauffer(warehouse) -> None:
    """Build the home page's default map (its data and its picture) before the first visitor asks.

    Why: on a fresh start or after a rebuild the first home page waited ~0.5 s for the picture of
    every EPCI and Territoire d'industrie outline; ``vigie serve`` runs this first in its warm-up
    (``fiches.warm``), under the very cache key a request uses."""
    key, build = _apercu(warehouse, ChoixCarte())
    http_cache.cached(warehouse, key, build)


@router.get("/carte/apercu.svg")
def carte_apercu(request: Request, warehouse: WarehouseDep, choix: ChoixDep):
    """The map as an SVG picture, built once per warehouse version and choice, gzip when accepted, ETag/304."""
    key, build = _apercu(warehouse, choix)
    return http_cache.cached_response(request, warehouse, key, build, "image/svg+xml")
