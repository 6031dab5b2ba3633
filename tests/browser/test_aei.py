"""The closure-impact form and the alert list in headless Chromium (issue 15's pages).

The guard of conftest.py fails any test whose page logs a console error or asks for anything
outside 127.0.0.1; axe-core checks the result and the error states. Expected names come from
the mirror's Etalab files, not from the warehouse the app reads.
"""

from __future__ import annotations

import csv
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe, axe_report


@pytest.fixture(scope="module")
def raw(mirror) -> dict:
    with open(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv", encoding="utf-8", newline="") as f:
        communes = list(csv.DictReader(f))
    return {"bethune": next(r["nom_commune"] for r in communes if r["code_commune"] == "62119"),
            "epci_hdf": {r["siren_epci"]: r["nom_epci"] for r in communes if r["code_region"] == "32"}}


def test_impact_form_simulates_then_keeps_a_bad_value_beside_its_field(page, guard, raw):
    page.goto("/impact")
    page.locator("#champ-commune").fill("62119")
    page.get_by_label(re.compile("Activité")).fill("22.11Z")
    page.get_by_label(re.compile("Emplois directs perdus")).fill("863")
    page.get_by_role("button", name="Simuler la fermeture").click()
    page.wait_for_url(re.compile(r"/impact\?commune=62119&epci=&naf=22\.11Z&emplois=863"))
    result = page.locator("#resultat")
    expect(result.get_by_role("heading", level=2)).to_contain_text(raw["bethune"])
    chosen = page.locator("#tableau-multiplicateurs tr.vigie-choisi")
    expect(chosen).to_have_count(1)
    expect(chosen).to_contain_text("retenu")
    expect(page.locator('#tableau-multiplicateurs tr[data-multiplicateur="parlement"]')).to_contain_text("hypothèse")
    violations = axe(page)
    assert not violations, axe_report(violations)

    jobs = page.get_by_label(re.compile("Emplois directs perdus"))
    jobs.fill("0")
    page.get_by_role("button", name="Simuler la fermeture").click()
    page.wait_for_url(re.compile(r"emplois=0"))
    expect(page.locator("#erreur-emplois")).to_contain_text("il faut au moins 1 emploi perdu")
    expect(jobs).to_have_value("0")
    expect(page.locator("#champ-commune")).to_have_value("62119")
    expect(jobs).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#resultat")).to_have_count(0)
    # Chromium logs the 422 status of the page itself; only that line is expected, any other still fails
    guard.console_errors[:] = [e for e in guard.console_errors if "status of 422" not in e]
    violations = axe(page)
    assert not violations, axe_report(violations)


def test_alerts_filter_download_and_open_a_territory(page, raw):
    page.goto("/alertes")
    page.get_by_label("Cible").select_option("emploi_epci")
    page.get_by_label("Région").select_option("32")
    page.get_by_label("Nombre de lignes").fill("10")
    page.get_by_role("button", name="Afficher les alertes").click()
    page.wait_for_url(re.compile(r"cible=emploi_epci&region=32"))
    rows = page.locator("#tableau-alertes tbody tr")
    expect(rows).to_have_count(10)
    codes = [rows.nth(i).get_attribute("data-code") for i in range(10)]
    assert set(codes) <= set(raw["epci_hdf"])
    expect(rows.first.locator('td[data-champ="probabilite"]')).to_contain_text("%")
    expect(rows.first.locator(".vigie-explications li").first).to_contain_text("risque")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Télécharger toute la liste")).click()
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0] == "rang,code,nom,probabilite,valeur,origine,explication"
    assert [line.split(",")[1] for line in lines[1:11]] == codes  # the whole filtered list, same order
    rows.first.get_by_role("link").click()
    page.wait_for_url(f"**/territoire/{codes[0]}")
    expect(page.get_by_role("heading", level=1)).to_have_text(raw["epci_hdf"][codes[0]])
    page.get_by_role("link", name="alertes précoces").click()
    page.wait_for_url(f"**/alertes/{codes[0]}")
    expect(page.locator('#tableau-emploi_epci tbody tr')).to_have_count(1)
