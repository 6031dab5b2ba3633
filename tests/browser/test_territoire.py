"""Territory pages in headless Chromium (search-free pieces of the issue 13 acceptance).

The guard of conftest.py fails any test whose page logs a console error or asks for anything
outside 127.0.0.1. Expected names come from the mirror's raw files where the page shows them.
"""

from __future__ import annotations

import csv

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe, axe_report


def test_epci_page_shows_labels_and_draws_every_chart(page, mirror):
    ti = {}
    for phase, name in ((1, "ti_phase1_2018-2022_groupements.csv"), (2, "ti_phase2_2023-2027_groupements.csv")):
        with open(mirror / "anct-territoires-industrie" / name, encoding="utf-8", newline="") as f:
            ti[phase] = [r["lib_ti"] for r in csv.DictReader(f) if r["siren_groupement"] == "200072460"]
    page.goto("/territoire/200072460")
    expect(page.get_by_role("heading", level=1)).to_have_text("CA de Béthune-Bruay, Artois-Lys Romane")
    for phase, names in ti.items():
        expect(page.locator(f".vigie-label-ti[data-phase='{phase}']")).to_be_visible()
        for name in names:
            expect(page.locator(f"ul.vigie-ti[data-phase='{phase}']")).to_contain_text(name)
    for chart in ("emploi-industriel", "part-industrie", "repartition-secteurs", "chomage"):
        figure = page.locator(f"figure[data-graphique='{chart}']")
        figure.scroll_into_view_if_needed()
        expect(figure.locator("canvas")).to_be_visible()
    # the data table behind a chart opens from the keyboard
    summary = page.locator("figure[data-graphique='emploi-industriel'] summary")
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#tableau-emploi-industriel table")).to_be_visible()


def test_circonscription_shows_its_deputy_and_communes(page):
    page.goto("/territoire/circo-62-08")
    expect(page.locator("#depute .vigie-depute")).to_have_text("Auguste Evrard")
    expect(page.locator("#tableau-communes tbody tr")).to_have_count(55)
    page.locator("#tableau-communes a", has_text="Aire-sur-la-Lys").click()
    page.wait_for_url("**/territoire/62014")
    expect(page.get_by_role("heading", level=1)).to_have_text("Aire-sur-la-Lys")


def test_region_shows_its_own_figures(page):
    page.goto("/territoire/reg-32")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hauts-de-France")
    card = page.locator(".vigie-chiffre[data-indicateur='population']")
    expect(card).to_be_visible()
    expect(card.locator(".vigie-chiffre__valeur")).to_contain_text("5 992 194".replace(" ", "\u202f"))


@pytest.mark.parametrize("address", ["62139", "200057867", "ti-3212?phase=2", "3215", "dep-62", "fr"])
def test_every_kind_loads_clean_and_accessible(page, address):
    page.goto(f"/territoire/{address}")
    expect(page.locator("main h1")).to_be_visible()
    violations = axe(page)
    assert not violations, axe_report(violations)


def test_unknown_territory_page_is_accessible(page, guard):
    response = page.goto("/territoire/zzzz-inconnu")
    assert response.status == 404
    guard.console_errors.clear()  # Chromium logs the 404 status itself: the page's own behaviour is what is checked
    expect(page.get_by_role("heading", level=1)).to_have_text("Territoire inconnu")
    expect(page.locator(".vigie-suggestions a").first).to_be_visible()
    violations = axe(page)
    assert not violations, axe_report(violations)
