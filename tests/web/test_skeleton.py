"""The web skeleton: static assets served by the app, base layout, French error pages."""

from __future__ import annotations

from vigie_industrie import web


def test_pages_and_static_are_mounted(client):
    assert client.get("/territoire/62139").status_code == 200
    assert client.get("/static/css/vigie.css").status_code == 200


def test_missing_web_module_is_skipped_but_broken_one_fails(monkeypatch):
    import importlib

    import pytest
    from fastapi import FastAPI

    real = importlib.import_module

    def fake(name, *a, **k):
        if name == "vigie_industrie.web.accueil":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        if name == "vigie_industrie.web.comparer":
            raise ModuleNotFoundError("No module named 'shapely'", name="shapely")
        return real(name, *a, **k)

    monkeypatch.setattr(importlib, "import_module", fake)
    with pytest.raises(ModuleNotFoundError, match="shapely"):
        web.install(FastAPI())


def test_base_layout_has_landmarks_and_french(client):
    html = client.get("/territoire/62139").text
    assert '<html lang="fr"' in html
    for landmark in ("<header", "<nav", "<main", "<footer", 'href="#contenu"'):
        assert landmark in html
    assert "https://" not in html.split("<main")[0]  # nothing from outside in the head/header


def test_css_served_from_package():
    assert (web.STATIC_DIR / "css" / "vigie.css").is_file()


def test_unknown_territory_is_a_french_html_404(client):
    r = client.get("/territoire/zzzzzz")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "Territoire inconnu" in r.text


def test_api_errors_stay_problem_json(client):
    r = client.get("/api/v1/territoires/zzzzzz")
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/problem+json")
    r = client.get("/territoire/zzzzzz.json")
    assert r.headers["content-type"].startswith("application/problem+json")
