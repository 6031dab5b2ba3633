"""The home map in headless Chromium: every EPCI polygon drawn, the TI phase toggle, hover names,
click opens the territory page, levels switch, nothing leaves 127.0.0.1, axe finds nothing serious.

Expected counts are read from the mirror files (etalab EPCI list, ANCT TI groupings), not from the
app. Waiting is done by polling ``page.evaluate`` (``wait_for_function`` evaluates a string, which
the page's Content-Security-Policy rightly forbids).
"""

from __future__ import annotations

import csv
import json
import time

import pytest
import shapely
from shapely.geometry import shape

from tests.browser.conftest import axe, axe_report, is_local

BETHUNE = "200072460"  # CA de Béthune-Bruay, Artois-Lys Romane


def _until(page, script: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = page.evaluate(script)
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"La condition n'est pas devenue vraie en {timeout:.0f} s : {script}", pytrace=False)


def _rendered(page):
    _until(page, "() => document.documentElement.dataset.carteRendue === '1'")


def _drawn_ids(page) -> int:
    return page.evaluate("() => new Set(window.vigieCarte.map.querySourceFeatures('territoires').map(f => f.id)).size")


def _source_count(page, source: str) -> int:
    return page.evaluate(f"async () => (await window.vigieCarte.map.getSource('{source}').getData()).features.length")


@pytest.fixture(scope="module")
def expected(mirror):
    with open(mirror / "etalab-decoupage-administratif" / "epci_2026.csv", encoding="utf-8") as handle:
        epci = {r["siren_epci"] for r in csv.DictReader(handle)}
    ti = {}
    for phase, name in ((1, "ti_phase1_2018-2022_groupements.csv"), (2, "ti_phase2_2023-2027_groupements.csv")):
        with open(mirror / "anct-territoires-industrie" / name, encoding="utf-8") as handle:
            ti[phase] = len({r["id_ti"] for r in csv.DictReader(handle)})
    return {"epci": len(epci), "ti": ti}


def test_home_map_draws_every_epci_and_the_phase_toggle_changes_it(page, guard, expected, live_server):
    page.goto("/")
    _rendered(page)
    assert _source_count(page, "territoires") == expected["epci"] == 1255
    assert _drawn_ids(page) == expected["epci"]  # rendered tiles hold every polygon (DROM insets included)
    assert _source_count(page, "ti") == expected["ti"][2] == 183  # phase 2 shown by default
    page.locator("label[for=carte-ti-1]").click()  # the DSFR label covers the radio
    _until(page, f"() => window.vigieCarte.nbTi() === {expected['ti'][1]}")
    assert _source_count(page, "ti") == expected["ti"][1] == 149
    page.locator("label[for=carte-ti-0]").click()
    _until(page, "() => window.vigieCarte.nbTi() === 0")
    assert _source_count(page, "ti") == 0
    _until(page, "() => document.getElementById('carte-legende-ti').offsetParent === null")
    assert guard.requests and all(is_local(u) for u in guard.requests)
    assert any("/api/v1/carte/contours/epci" in u for u in guard.requests)


def _hover(page, siren: str):
    geometry = page.evaluate(
        f"async () => (await window.vigieCarte.map.getSource('territoires').getData())"
        f".features.find(f => f.id === '{siren}' || f.properties.code === '{siren}').geometry")
    point = shape(geometry).representative_point()
    xy = page.evaluate(f"() => {{ const p = window.vigieCarte.map.project([{point.x}, {point.y}]); return [p.x, p.y]; }}")
    box = page.locator("#carte canvas").bounding_box()
    page.mouse.move(box["x"] + xy[0], box["y"] + xy[1])
    return box["x"] + xy[0], box["y"] + xy[1]


def test_hover_names_the_territory_and_click_opens_its_page(page, con):
    nom = con.execute("select nom_epci from epci where siren_epci = ?", [BETHUNE]).fetchone()[0]
    page.goto("/")
    _rendered(page)
    x, y = _hover(page, BETHUNE)
    text = _until(page, "() => document.getElementById('carte-infobulle')?.textContent")
    assert nom in text and "%" in text
    page.mouse.click(x, y)
    page.wait_for_url(f"**/territoire/{BETHUNE}")


def test_levels_switch_and_zone_emploi_says_unavailable(page):
    page.goto("/")
    _rendered(page)
    page.get_by_label("Niveau").select_option("departement")
    _until(page, "() => window.vigieCarte.nbTerritoires() === 101")
    assert "Département" in page.locator("#carte-titre").inner_text()
    page.get_by_label("Niveau").select_option("circonscription")
    _until(page, "() => window.vigieCarte.nbTerritoires() === 558")
    assert "ODbL" in page.locator("#carte-attribution").inner_text()
    page.get_by_label("Niveau").select_option("zone_emploi")
    _until(page, "() => document.getElementById('carte-indisponible') !== null")
    assert "non disponible" in page.locator("#carte-indisponible").inner_text()
    assert page.locator("#carte-table-hauts tbody tr").count() == 10  # values still readable


def test_indicator_change_rereads_values_not_geometry(page, guard):
    page.goto("/")
    _rendered(page)
    before = sum("/contours/" in u for u in guard.requests)
    page.get_by_label("Indicateur").select_option("taux_chomage")
    _until(page, "() => document.getElementById('carte-titre').textContent.includes('chômage')")
    assert sum("/contours/" in u for u in guard.requests) == before
    assert "taux_chomage" in page.url


def test_home_has_no_serious_accessibility_violation(page):
    page.goto("/")
    _rendered(page)
    found = axe(page)
    assert not found, axe_report(found)


def test_without_javascript_the_tables_and_legend_are_there(browser, live_server):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    page_ = context.new_page()
    page_.goto("/?niveau=region&indicateur=population")
    assert page_.locator("#carte-legende-classes li").count() >= 3
    assert page_.locator("#carte-table-hauts tbody tr").count() == 10
    assert page_.locator("#lien-classements").get_attribute("href").startswith("/classements?indicateur=population")
    context.close()


@pytest.mark.parametrize("code, attendu", [(BETHUNE, "propre"), ("62139", "parent")])
def test_locator_map_of_a_territory_page(page, code, attendu):
    page.goto(f"/territoire/{code}")
    if page.locator("#carte-locale").count() == 0:
        pytest.skip("La page territoire n'inclut pas encore _carte_locale.html (branche web-core).")
    _until(page, "() => document.getElementById('carte-locale').dataset.contour")
    assert page.locator("#carte-locale").get_attribute("data-contour") == attendu
