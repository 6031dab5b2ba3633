"""The interactive API docs work offline: every asset comes from the package, none from a CDN."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from .conftest import make_app


def _client(tmp_path) -> TestClient:
    return TestClient(make_app(f"sqlite:///{tmp_path / 'vigie.db'}", tmp_path=tmp_path))


def test_docs_reference_no_external_host(tmp_path):
    client = _client(tmp_path)
    page = client.get("/api/v1/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    urls = re.findall(r"""(?:src|href|url)\s*[:=]\s*['"]([^'"]+)['"]""", page.text)
    assert urls, page.text
    external = [u for u in urls if re.match(r"^(?:https?:)?//", u)]
    assert external == [], external
    assert '"validatorUrl": null' in page.text  # no badge fetched from validator.swagger.io
    assert "cdn.jsdelivr.net" not in page.text and "unpkg.com" not in page.text and "tiangolo.com" not in page.text


def test_docs_assets_answer_200(tmp_path):
    client = _client(tmp_path)
    page = client.get("/api/v1/docs").text
    assets = re.findall(r"""(?:src|href)\s*=\s*['"](/[^'"]+\.(?:js|css|png))['"]""", page)
    assert {a.rsplit(".", 1)[1] for a in assets} >= {"js", "css"}
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200 and len(response.content) > 100, asset
    assert "SwaggerUIBundle" in client.get(next(a for a in assets if a.endswith(".js"))).text
    # the OpenAPI document the page loads is served too
    assert client.get("/api/v1/openapi.json").status_code == 200
