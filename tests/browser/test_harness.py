"""The harness itself: the guard catches what it must, the server answers, axe-core runs.

Each guard test provokes the fault, checks that the guard recorded it and that ``verdict``
fails, then clears the record so that the test passes (without ``guard.clear()`` the test
fails with the guard's message: seen once on purpose when the harness was written).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe, is_local, verdict


def test_external_request_is_aborted_and_fails_the_test(page, guard):
    # example.invalid is a reserved name (RFC 2606): even unaborted, it would never resolve.
    page.set_content('<p>x</p><img src="http://example.invalid/tuile.png" alt="">')
    page.wait_for_load_state("load")
    assert guard.external == ["http://example.invalid/tuile.png"]
    with pytest.raises(pytest.fail.Exception, match="requête hors de 127.0.0.1 : http://example.invalid/tuile.png"):
        verdict(guard)
    guard.clear()


def test_console_error_fails_the_test(page, guard):
    page.set_content('<script>console.error("boum")</script><script>null.x</script>')
    assert any("boum" in e for e in guard.console_errors)
    assert any("erreur JavaScript non rattrapée" in e for e in guard.console_errors)
    with pytest.raises(pytest.fail.Exception, match="erreur de console : boum"):
        verdict(guard)
    guard.clear()


def test_live_server_answers_on_loopback_only(page, guard, live_server):
    response = page.goto("/health")
    assert response.status == 200
    assert page.evaluate("() => JSON.parse(document.body.innerText).warehouse.present") is True
    assert guard.requests and all(is_local(u) and u.startswith(live_server) for u in guard.requests)


def test_axe_reports_serious_violations(page):
    page.set_content('<html lang="fr"><body><main><h1>Essai</h1>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>')
    found = {v["id"] for v in axe(page)}
    assert "image-alt" in found  # an image without text alternative is critical for axe


@pytest.mark.parametrize("url, local", [
    ("http://127.0.0.1:8000/static/x.js", True), ("data:image/png;base64,AA", True), ("blob:http://127.0.0.1/1", True),
    ("http://localhost:8000/", False), ("https://unpkg.com/maplibre-gl", False), ("http://127.0.0.1.example.org/", False),
])
def test_is_local(url, local):
    assert is_local(url) is local
