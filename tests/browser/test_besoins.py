"""Acceptance of issue 14 for the needs, in headless Chromium over the real app and warehouse.

An EPCI user (CA de Béthune-Bruay, Artois-Lys Romane) signs in, enters a need with an invalid
SIREN (the message appears beside the field), corrects it and transmits it from the list; a
user of the région (Hauts-de-France, 32) finds it in its inbox and acknowledges it; a lecteur and
another EPCI (Métropole Européenne de Lille) never see it, on the page nor through the API; a
form posted from another origin is refused by the CSRF middleware.
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe, axe_report
from vigie_industrie.programme import schemas, users
from vigie_industrie.programme.authz import Actor
from vigie_industrie.programme.db import Store

BETHUNE_EPCI, LILLE_EPCI = "200072460", "200093201"
PASSWORD = "mot-de-passe-navigateur-1"
REFUSED = re.compile(r"status of (403|404|409|422)")


@pytest.fixture(scope="module")
def accounts(settings) -> dict[str, str]:
    """One account per role in the live server's store (emails unique to this run)."""
    tag = uuid.uuid4().hex[:8]
    specs = {"epci": dict(role="epci", code_region="32", siren_epci=BETHUNE_EPCI),
             "epci_autre": dict(role="epci", code_region="32", siren_epci=LILLE_EPCI),
             "region": dict(role="region", code_region="32"), "lecteur": dict(role="lecteur")}
    store = Store(settings.database_url)
    emails = {}
    with store.transaction() as session:
        for name, spec in specs.items():
            email = f"{name}-{tag}@test.invalid"
            users.create_user(session=session, actor=Actor.system("test"),
                              data=schemas.UserCreate(email=email, password=PASSWORD, **spec))
            emails[name] = email
    store.dispose()
    return emails


def sign_in(page, email: str, then: str) -> None:
    page.goto(f"/connexion?suivant={then}")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"**{then}")


def expected_refusals_only(guard) -> None:
    """Chromium logs a 4xx main document itself; the page's own behaviour is what is checked."""
    guard.console_errors[:] = [e for e in guard.console_errors if not REFUSED.search(e)]


def fill_need(page, siren: str) -> None:
    page.get_by_label("SIREN de l'entreprise").fill(siren)
    page.get_by_label("Nom de l'entreprise").fill("Fonderie d'essai du Béthunois")
    page.get_by_label("Catégorie").select_option("foncier")
    page.get_by_label("Urgence").select_option("haute")
    page.get_by_label("Description du besoin").fill("Deux hectares pour une extension")
    page.get_by_label("Contact dans l'entreprise").fill("Mme Essai, directrice du site")
    page.get_by_label("Date de collecte").fill("2025-01-15")
    page.get_by_role("button", name="Enregistrer le brouillon").click()


def test_need_from_epci_to_region_inbox(browser, live_server, page, guard, accounts):
    sign_in(page, accounts["epci"], "/besoins/nouveau")
    expect(page.locator("#avis-confidentialite")).to_contain_text("nomment une entreprise")
    fill_need(page, "552100555")  # Luhn key wrong
    message = page.locator("#groupe-siren_entreprise .fr-error-text")
    expect(message).to_contain_text("clé de contrôle")
    expect(page.locator("#siren_entreprise")).to_have_value("552100555")  # input kept
    expect(page.get_by_label("Description du besoin")).to_have_value("Deux hectares pour une extension")
    violations = axe(page)
    assert not violations, axe_report(violations)
    page.get_by_label("SIREN de l'entreprise").fill("552100554")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_url(re.compile(r"/besoins/\d+\?fait=creer"))
    ident = int(re.search(r"/besoins/(\d+)", page.url).group(1))
    expect(page.locator("#historique li")).to_have_count(1)

    page.goto("/besoins?statut=brouillon")
    page.locator(f"#choix-{ident}").check(force=True)
    page.get_by_role("button", name="Transmettre à la région").click()
    expect(page.locator("#message")).to_contain_text("1 transmis à la région")
    expect(page.locator(f'tr[data-id="{ident}"] .vigie-statut')).to_have_attribute("data-statut", "transmis")
    violations = axe(page)
    assert not violations, axe_report(violations)
    expected_refusals_only(guard)

    region = browser.new_context(base_url=live_server, locale="fr-FR").new_page()
    try:
        sign_in(region, accounts["region"], "/besoins?statut=transmis")
        row = region.locator(f'tr[data-id="{ident}"]')
        expect(row).to_contain_text("Fonderie d'essai du Béthunois")
        row.get_by_role("link", name=str(ident)).click()
        region.get_by_role("button", name="Accuser réception").click()
        expect(region.locator("#message")).to_contain_text("Réception accusée")
        expect(region.locator("#historique li")).to_have_count(3)
        expect(region.locator("#historique li").last).to_have_attribute("data-statut", "accuse")
        violations = axe(region)
        assert not violations, axe_report(violations)
    finally:
        region.context.close()

    for who, status in (("lecteur", 403), ("epci_autre", 404)):
        other = browser.new_context(base_url=live_server, locale="fr-FR").new_page()
        try:
            sign_in(other, accounts[who], "/compte")
            response = other.goto(f"/besoins/{ident}")
            assert response.status == status
            expect(other.locator("main")).not_to_contain_text("Fonderie d'essai")
            api = other.request.get(f"/api/v1/besoins/{ident}")
            assert api.status == status and "Fonderie" not in api.text()
            listing = other.request.get("/api/v1/besoins")
            assert "Fonderie" not in listing.text()
            if who == "epci_autre":
                other.goto("/besoins")
                expect(other.locator(f'tr[data-id="{ident}"]')).to_have_count(0)
        finally:
            other.context.close()


def test_form_posted_from_another_origin_is_refused(page, guard, live_server, accounts):
    sign_in(page, accounts["epci"], "/besoins/nouveau")
    fill_need(page, "552100554")
    page.wait_for_url(re.compile(r"/besoins/\d+\?fait=creer"))
    ident = int(re.search(r"/besoins/(\d+)", page.url).group(1))
    # another origin (port 9 of the loopback): a page that posts the session's form to the app
    trap = (f'<!DOCTYPE html><html lang="fr"><body><form id="f" method="post" action="{live_server}/besoins/transmettre">'
            f'<input name="ids" value="{ident}"></form><script>document.getElementById("f").submit()</script></body></html>')
    page.route("http://127.0.0.1:9/piege", lambda route: route.fulfill(status=200, body=trap, content_type="text/html"))
    with page.expect_response(f"{live_server}/besoins/transmettre") as posted:
        page.goto("http://127.0.0.1:9/piege")
    assert posted.value.status == 403
    assert "origine" in posted.value.json()["detail"]
    page.goto(f"/besoins/{ident}")
    expect(page.locator(".vigie-statut").first).to_have_attribute("data-statut", "brouillon")
    expected_refusals_only(guard)
