"""The server's SVG picture of the home map (``/carte/apercu.svg``, the page's first paint).

Checked against the API's answers and an independent Web Mercator projection: every territory is in
the path of its API class, in the legend's colour, where maplibre would draw it.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest
import shapely
from fastapi.testclient import TestClient
from shapely.geometry import Polygon, shape

from vigie_industrie.api.app import create_app
from vigie_industrie.config import Settings

SVG = "{http://www.w3.org/2000/svg}"
BOX = (-5.6, 41.2, 9.9, 51.3)  # written again here on purpose: the framing carte.js and the picture share


def _project(lon: float, lat: float, width: float = 1000.0) -> tuple[float, float]:
    """Web Mercator (EPSG:3857 up to scale), the box BOX mapped to [0, width] × [0, h]."""
    def merc(lo, la):
        return math.radians(lo), math.log(math.tan(math.pi / 4 + math.radians(la) / 2))
    x0, y0 = merc(BOX[0], BOX[3])
    x1, _ = merc(BOX[2], BOX[1])
    x, y = merc(lon, lat)
    scale = width / (x1 - x0)
    return (x - x0) * scale, (y0 - y) * scale


def _polygons(d: str) -> list[Polygon]:
    """Rings of path data written as ``M x y l dx dy … z`` (the picture's only commands)."""
    out = []
    for m in re.finditer(r"M(-?\d+) (-?\d+)l([-\d ]*)z", d):
        x, y = int(m[1]), int(m[2])
        pts = [(x, y)]
        nums = [int(n) for n in m[3].split()]
        for dx, dy in zip(nums[::2], nums[1::2]):
            x, y = x + dx, y + dy
            pts.append((x, y))
        if len(pts) >= 3:
            out.append(Polygon(pts).buffer(0))
    return out


@pytest.fixture(scope="module")
def picture(client):
    res = client.get("/carte/apercu.svg")
    assert res.status_code == 200 and res.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(res.content)
    paths = {p.get("class"): p for p in root.iter(f"{SVG}path")}
    return root, paths


def test_picture_draws_every_epci_in_the_colour_of_its_class(client, picture):
    root, paths = picture
    api = client.get("/api/v1/carte/epci", params={"indicateur": "part_industrie"}).json()
    contours = client.get("/api/v1/carte/contours/epci").json()
    html = client.get("/").text
    legend = re.findall(r'class="vigie-legende__case" style="background: (#[0-9a-f]{6})"', html)
    assert len(legend) == len(api["classes"]) + 1
    fills = [paths[f"classe-{c['classe']}"].get("fill") for c in api["classes"]] + [paths["classe-manquante"].get("fill")]
    assert fills == legend  # the legend's colours, « donnée manquante » last
    areas = {k: shapely.union_all(_polygons(p.get("d"))) for k, p in paths.items() if k != "ti"}
    classes = {v["code"]: v["classe"] for v in api["valeurs"]}
    assert len(contours["features"]) == len(classes) == 1255
    misplaced = []
    for feature in contours["features"]:
        point = shape(feature["geometry"]).representative_point()
        x, y = _project(point.x, point.y)
        k = classes[feature["id"]]
        area = areas[f"classe-{k}" if k else "classe-manquante"]
        if area.distance(shapely.Point(x, y)) > 1.5:  # 1 unit ≈ 1 pixel; the picture rounds to whole units
            misplaced.append(feature["id"])
    assert not misplaced, misplaced[:10]


def test_picture_frames_the_same_box_as_maplibre_and_draws_the_ti_outlines(client, picture):
    root, paths = picture
    x1, y1 = _project(BOX[2], BOX[1])
    assert root.get("viewBox") == f"0 0 1000 {round(y1)}"
    assert round(x1) == 1000
    ti = _polygons(paths["ti"].get("d"))
    assert len(ti) >= 183  # phase 2 by default: at least one ring per territory
    assert "ti" not in {p.get("class") for p in ET.fromstring(client.get("/carte/apercu.svg?ti=0").content).iter(f"{SVG}path")}
    phase1 = client.get("/carte/apercu.svg?ti=1")  # phase 1 has a few point outlines: skipped, not an error
    assert phase1.status_code == 200
    rings1 = _polygons(next(p for p in ET.fromstring(phase1.content).iter(f"{SVG}path") if p.get("class") == "ti").get("d"))
    assert len(rings1) >= 146  # 149 territories, 3 of which have a point for outline


@pytest.mark.parametrize("query", ["niveau=departement&ti=0", "niveau=region&indicateur=population",
                                   "niveau=circonscription&ti=1", "niveau=epci&indicateur=taux_chomage&annee=2020"])
def test_picture_of_every_level_with_contours(client, query):
    res = client.get(f"/carte/apercu.svg?{query}")
    assert res.status_code == 200 and ET.fromstring(res.content).tag == f"{SVG}svg"


def test_picture_is_cached_gzip_and_has_an_etag(client):
    res = client.get("/carte/apercu.svg", headers={"Accept-Encoding": "gzip"})
    assert res.headers["content-encoding"] == "gzip" and res.headers["etag"]
    again = client.get("/carte/apercu.svg", headers={"If-None-Match": res.headers["etag"]})
    assert again.status_code == 304


def test_home_shows_the_picture_first_and_ze_has_none(client):
    html = client.get("/").text
    assert 'id="carte-apercu"' in html and 'src="/carte/apercu.svg?niveau=epci&amp;indicateur=part_industrie&amp;ti=2"' in html
    assert 'fetchpriority="high"' in html and 'alt="Carte : ' in html
    assert 'id="carte-apercu"' not in client.get("/", params={"niveau": "zone_emploi"}).text
    res = client.get("/carte/apercu.svg", params={"niveau": "zone_emploi"})
    assert res.status_code == 404
    assert client.get("/carte/apercu.svg", params={"ti": "3"}).status_code == 422


def test_the_warm_up_builds_the_home_picture_a_request_then_gets(warehouse_path, tmp_path, monkeypatch):
    """``accueil.prechauffer`` (run first by ``vigie serve``'s warm-up) caches the default picture under
    the key the request uses: the request is then answered without building anything, the same bytes."""
    import shutil

    from vigie_industrie.carte import apercu as apercu_module
    from vigie_industrie.fiches import warm
    from vigie_industrie.web import accueil

    path = tmp_path / "wh.duckdb"
    shutil.copy(warehouse_path, path)  # a file of its own: a cache entry no other test made
    monkeypatch.setattr(warm, "queries", lambda reader: [])
    assert warm.warm_once(path, first=(accueil.prechauffer,)) == 0

    def refuse(*args, **kwargs):
        raise AssertionError("built again: the warm-up's picture was not the one the request reads")

    monkeypatch.setattr(apercu_module, "apercu", refuse)
    app = create_app(Settings(warehouse=path, database_url=f"sqlite:///{tmp_path / 'vigie.db'}", env="test"))
    with TestClient(app) as c:
        warmed = c.get("/carte/apercu.svg")
        assert warmed.status_code == 200 and warmed.headers["content-type"].startswith("image/svg+xml")
        assert ET.fromstring(warmed.content).tag == f"{SVG}svg"
        with pytest.raises(AssertionError, match="built again"):  # another choice, not warmed: built on request
            c.get("/carte/apercu.svg?ti=1")
