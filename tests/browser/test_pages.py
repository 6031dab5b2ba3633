"""Acceptance of issue 13 for the pages, in headless Chromium (the guard of conftest.py fails any
test whose page logs a console error or asks for anything outside 127.0.0.1).

Expected names come from the mirror's raw files (ANCT groupings, Etalab EPCI list), not from
the warehouse the app reads.
"""

from __future__ import annotations

import csv
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe, axe_report

BETHUNE_EPCI = "200072460"


@pytest.fixture(scope="module")
def raw(mirror) -> dict:
    """The EPCI's name and its Territoires d'industrie of both phases, from the mirror."""
    folder = mirror / "anct-territoires-industrie"
    ti = {}
    for phase, name in ((1, "ti_phase1_2018-2022_groupements.csv"), (2, "ti_phase2_2023-2027_groupements.csv")):
        with open(folder / name, encoding="utf-8", newline="") as f:
            ti[phase] = sorted({(r["id_ti"], r["lib_ti"]) for r in csv.DictReader(f) if r["siren_groupement"] == BETHUNE_EPCI})
    with open(mirror / "etalab-decoupage-administratif" / "epci_2026.csv", encoding="utf-8", newline="") as f:
        nom = next(r["nom_epci"] for r in csv.DictReader(f) if r["siren_epci"] == BETHUNE_EPCI)
    return {"nom": nom, "ti": ti}


def test_search_bethune_opens_the_epci_with_its_labels_and_chart(page, raw):
    page.goto("/classements")
    box = page.get_by_role("combobox", name="Rechercher un territoire")
    box.fill("Béthune")
    listbox = page.locator("#recherche-liste")
    expect(listbox).to_be_visible()
    option = listbox.get_by_role("option").filter(has_text=raw["nom"])
    expect(option).to_have_count(1)
    # keyboard: ↓ until the EPCI is the active option, then Entrée
    for _ in range(listbox.get_by_role("option").count()):
        box.press("ArrowDown")
        if option.get_attribute("aria-selected") == "true":
            break
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    box.press("Enter")
    page.wait_for_url(f"**/territoire/{BETHUNE_EPCI}")
    expect(page.get_by_role("heading", level=1)).to_have_text(raw["nom"])
    for phase in (1, 2):
        expect(page.locator(f".vigie-label-ti[data-phase='{phase}']")).to_be_visible()
        for ti_id, ti_nom in raw["ti"][phase]:
            expect(page.locator(f"ul.vigie-ti[data-phase='{phase}']")).to_contain_text(ti_nom)
            expect(page.locator(f"ul.vigie-ti[data-phase='{phase}']")).to_contain_text(ti_id)
    chart = page.locator("figure[data-graphique='emploi-industriel']")
    expect(chart).to_be_visible()
    expect(chart.locator("line-chart canvas")).to_be_visible()  # drawn by dsfr-chart, not only the table
    expect(chart.locator("table")).to_be_attached()


def test_small_screen_search_button_opens_the_search(page, raw):
    """On a phone the DSFR hides the header's search bar in a modal: the navbar button opens it."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto("/classements")
    box = page.get_by_role("combobox", name="Rechercher un territoire")
    expect(box).to_be_hidden()
    page.locator("#bouton-recherche").click()
    expect(box).to_be_visible()
    box.fill("Béthune")
    expect(page.locator("#recherche-liste").get_by_role("option").filter(has_text=raw["nom"])).to_have_count(1)


def test_search_without_javascript_lists_then_opens(browser, live_server, raw):
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/recherche?q=bethune")
        page.get_by_role("link", name=raw["nom"]).click()
        page.wait_for_url(f"**/territoire/{BETHUNE_EPCI}")
        page.goto("/recherche?q=" + raw["nom"])
        assert page.url.endswith(f"/territoire/{BETHUNE_EPCI}")
    finally:
        context.close()


def test_comparer_adds_draws_and_removes(page, raw):
    page.goto(f"/comparer?codes={BETHUNE_EPCI},62")
    expect(page.locator("#tableau-comparaison")).to_be_visible()
    expect(page.locator("figure.vigie-graphique bar-chart canvas").first).to_be_visible()
    field = page.get_by_role("combobox", name=re.compile("Ajouter un territoire"))
    field.fill("Hauts-de-Fr")
    option = page.locator("#comparer-ajouter-liste").get_by_role("option").filter(has_text="Hauts-de-France").first
    expect(option).to_be_visible()
    option.click()
    page.wait_for_url(re.compile(r"/comparer\?codes=200072460,dep-62,reg-32$"))
    header = page.locator("#tableau-comparaison thead")
    expect(header).to_contain_text("Hauts-de-France")
    page.get_by_role("link", name="Retirer Pas-de-Calais").click()
    page.wait_for_url(re.compile(r"/comparer\?codes=200072460,reg-32$"))
    expect(page.locator("#tableau-comparaison thead")).not_to_contain_text("Pas-de-Calais")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Télécharger le tableau")).click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert text.startswith("indicateur,libelle,unite,type,code,nom") and raw["nom"] in text


def test_classements_filters_link_and_download(page):
    page.goto("/classements")
    page.get_by_label("Type de territoire").select_option("region")
    page.get_by_label("Indicateur").select_option("population")
    page.get_by_role("button", name="Afficher le classement").click()
    page.wait_for_url(re.compile(r"type=region"))
    rows = page.locator("#tableau-classement tbody tr")
    expect(rows.first).to_contain_text("Île-de-France")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Télécharger tout le classement")).click()
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0] == "rang,type,code,phase,nom,valeur,periode,niveau" and len(lines) - 1 == rows.count()
    rows.first.get_by_role("link").click()
    page.wait_for_url("**/territoire/reg-11")
    expect(page.get_by_role("heading", level=1)).to_have_text("Île-de-France")


MAIN_PAGES = ["/", f"/territoire/{BETHUNE_EPCI}", f"/comparer?codes={BETHUNE_EPCI},62", "/classements",
              "/a-propos", "/api", "/recherche?q=bethune", "/territoire/circo-62-08", "/territoire/reg-32"]
MAIN_PAGES += ["/alertes", "/impact?commune=62119&naf=22.11Z&emplois=863", "/eligibilite?region=76", "/eligibilite/200027183"]


@pytest.mark.parametrize("url", MAIN_PAGES)
def test_main_pages_are_clean_and_accessible(page, url):
    """Loaded with their scripts (charts, map, search): no console error, nothing external (the
    guard), and no serious or critical axe-core violation."""
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 200, url
    assert page.evaluate("() => document.documentElement.lang") == "fr"
    expect(page.locator("main#contenu")).to_be_visible()
    violations = axe(page)
    assert not violations, axe_report(violations)
