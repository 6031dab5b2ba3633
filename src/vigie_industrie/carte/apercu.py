"""A static SVG picture of one national choropleth: the home page's first paint, and its map without JS.

Why: drawing the map with maplibre in a fresh page costs about a second of CPU before anything
shows (worker start-up, GeoJSON tiling, software WebGL in headless browsers). The server already
has the polygons and the classes, so the page shows this picture at once (an ``<img>``, which
never blocks the page's scripts) and ``static/js/carte.js`` removes it when maplibre's first
coloured frame is drawn. The picture uses maplibre's projection (Web Mercator) and framing (the
bounds fitted into the box, centred, ``preserveAspectRatio`` « meet » = ``fitBounds``), so the swap
does not move anything. Colours are the page's (``web.accueil`` palette, one ``<path>`` per class);
a territory without value is grey (« donnée manquante »), never in a class.
"""

from __future__ import annotations

import json
import math
import threading
from collections.abc import Iterable, Sequence

from vigie_industrie.carte import service

BORNES = (-5.6, 41.2, 9.9, 51.3)  # lon/lat box of metropolitan France and the DROM insets (carte.js fits it too)
LARGEUR = 1000  # viewBox width: one unit ≈ one pixel of the page's map (≈ 900 px wide)
BORD = "#ffffff"
TI_COULEUR = "#e1000f"  # same as carte.js


def _mercator(lon: float, lat: float) -> tuple[float, float]:
    """Web Mercator in [0, 1]² (maplibre's world coordinates)."""
    y = math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return (lon + 180) / 360, (1 - y / math.pi) / 2


def cadre(bornes: Sequence[float] = BORNES) -> tuple[float, float, float, int]:
    """(x0, y0, scale, height) mapping Mercator to viewBox units, the box ``bornes`` being ``LARGEUR`` wide."""
    x0, y1 = _mercator(bornes[0], bornes[1])
    x1, y0 = _mercator(bornes[2], bornes[3])
    scale = LARGEUR / (x1 - x0)
    return x0, y0, scale, round((y1 - y0) * scale)


def _rings(geometry: dict | None) -> Iterable[list]:
    """The rings of a (Multi)Polygon; nothing for other types (a few phase-1 TI outlines are points,
    which the map's outline layer does not draw either)."""
    kind = (geometry or {}).get("type")
    if kind == "Polygon":
        yield from geometry["coordinates"]
    elif kind == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def chemin(geometry: dict, frame: tuple[float, float, float, int]) -> str:
    """SVG path data of a (Multi)Polygon: integer viewBox units, relative moves, repeated points dropped."""
    x0, y0, scale, _ = frame
    parts: list[str] = []
    for ring in _rings(geometry):
        points = []
        for lon, lat in ring:
            x, y = _mercator(lon, lat)
            p = (round((x - x0) * scale), round((y - y0) * scale))
            if not points or p != points[-1]:
                points.append(p)
        if len(points) < 3:
            continue  # a ring smaller than a pixel
        (px, py), rest = points[0], points[1:]
        steps = []
        for x, y in rest:
            steps.append(f"{x - px} {y - py}")
            px, py = x, y
        parts.append(f"M{points[0][0]} {points[0][1]}l{' '.join(steps)}z")
    return "".join(parts)


def svg(classes: dict[str, int | None], formes: dict[str, str], couleurs: Sequence[str], manquant: str,
        ti: str | None, hauteur: int, titre: str) -> str:
    """The picture: one filled path per class (then « donnée manquante »), white borders, TI outlines on top."""
    groupes: dict[int | None, list[str]] = {}
    for code, d in formes.items():
        groupes.setdefault(classes.get(code), []).append(d)
    paths = []
    for k, couleur in [*((k, c) for k, c in enumerate(couleurs, start=1)), (None, manquant)]:
        if groupes.get(k):
            paths.append(f'<path class="classe-{k or "manquante"}" fill="{couleur}" d="{"".join(groupes[k])}"/>')
    contour = f'<path class="ti" fill="none" stroke="{TI_COULEUR}" stroke-width="1.8" d="{ti}"/>' if ti else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {LARGEUR} {hauteur}" role="img">'
            f"<title>{_texte(titre)}</title>"
            f'<g stroke="{BORD}" stroke-width="0.45" stroke-linejoin="round" fill-rule="evenodd">{"".join(paths)}</g>'
            f'<g stroke-linejoin="round">{contour}</g></svg>')


def _texte(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_formes: dict[tuple, dict[str, str]] = {}
_ti: dict[tuple, str] = {}
_lock = threading.Lock()


def _memo(table: dict, warehouse, key, build):
    """``build()`` once per warehouse file version and ``key`` (a rebuilt warehouse is a new version)."""
    full_key = (str(warehouse.path), warehouse.version, key)
    with _lock:
        hit = table.get(full_key)
    if hit is None:
        hit = build()
        with _lock:
            table[full_key] = hit
    return hit


def formes(warehouse, niveau: str) -> dict[str, str]:
    """code → path data of every territory of a level, once per warehouse file version."""
    def build():
        frame = cadre()
        return {f["id"]: chemin(f["geometry"], frame) for f in service.contours(warehouse.con, niveau)["features"]}

    return _memo(_formes, warehouse, niveau, build)


def contours_ti(warehouse, phase: int) -> str:
    """Path data of the Territoires d'industrie outlines of one phase, once per warehouse file version."""
    def build():
        frame = cadre()
        return "".join(chemin(f["geometry"], frame) for f in service.territoires_industrie(warehouse.con, phase)["features"])

    return _memo(_ti, warehouse, phase, build)


def apercu(warehouse, data: dict, couleurs: Sequence[str], manquant: str, ti: str) -> str:
    """The SVG of the map ``data`` (``service.valeurs``) with the TI outlines of phase ``ti`` ('0': none)."""
    niveau = data["niveau_carte"]
    classes = {v["code"]: v["classe"] for v in data["valeurs"]}
    titre = (f"Carte : {data['indicateur']['libelle']} par {data['libelle_niveau']}"
             f"{', ' + data['periode'] if data['periode'] else ''} (image statique)")
    contour = contours_ti(warehouse, int(ti)) if ti in ("1", "2") else None
    return svg(classes, formes(warehouse, niveau), couleurs, manquant, contour, cadre()[3], titre)


def json_bornes() -> str:
    """The box for carte.js (``data-bornes``), so the picture and maplibre frame the same area."""
    return json.dumps([[BORNES[0], BORNES[1]], [BORNES[2], BORNES[3]]])
