"""maplibre's worker may fetch the map's GeoJSON itself (its own CSP), no other static file may."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vigie_industrie.api.app import create_app
from vigie_industrie.config import Settings
from vigie_industrie.web import STATIC_DIR

WORKER = "vendor/maplibre-gl/maplibre-gl-worker.mjs"


@pytest.fixture(scope="module")
def client(warehouse_path, tmp_path_factory):
    if not (STATIC_DIR / WORKER).is_file():
        pytest.skip("maplibre-gl absent de static/vendor : lancez scripts/assets.sh")
    db = tmp_path_factory.mktemp("carte-csp") / "vigie.db"
    with TestClient(create_app(Settings(warehouse=warehouse_path, database_url=f"sqlite:///{db}", env="test"))) as c:
        yield c


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_worker_script_may_connect_to_this_origin_only(client, encoding):
    res = client.get(f"/static/{WORKER}", headers={"Accept-Encoding": encoding})
    assert res.status_code == 200
    assert res.headers["content-security-policy"] == "default-src 'none'; script-src 'self'; connect-src 'self'"


def test_other_static_files_keep_the_closed_policy(client):
    res = client.get("/static/vendor/maplibre-gl/maplibre-gl.mjs")
    assert "connect-src" not in res.headers["content-security-policy"]
    assert res.headers["content-security-policy"].startswith("default-src 'none'")
