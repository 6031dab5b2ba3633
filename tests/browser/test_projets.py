"""Projects and missions in headless Chromium (issue 14 acceptance, steer-projets part).

- a région user cannot create a project outside its région: the form shows the store's refusal;
- a mission created 145 days before its deadline shows its days left, then « en retard » once the
  app clock (``app.state.clock``) passes the deadline; its blocked projects appear on its page.

The app is served by its own uvicorn thread (same harness as conftest.py: 127.0.0.1, port 0, guarded
page, Chromium from the system) because the test moves the app's clock, which the shared
``live_server`` does not expose; the store is a fresh SQLite file, the warehouse the mirror's.
"""

from __future__ import annotations

import socket
import threading
import time
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LOCAL_HOST, axe, axe_report

PASSWORD = "mot-de-passe-navigateur-1"


class Clock:
    """A movable clock for ``app.state.clock``."""

    def __init__(self, today: date):
        self.today = today

    def __call__(self) -> date:
        return self.today


@pytest.fixture(scope="module")
def projets_server(warehouse_path, tmp_path_factory):
    import uvicorn

    from vigie_industrie.api.app import create_app
    from vigie_industrie.config import Settings
    from vigie_industrie.programme import schemas, users
    from vigie_industrie.programme.authz import Actor

    db = tmp_path_factory.mktemp("store-projets-browser") / "vigie.db"
    app = create_app(Settings(warehouse=warehouse_path, database_url=f"sqlite:///{db}", env="test"))
    app.state.clock = Clock(date(2025, 3, 1))
    with app.state.store.transaction() as session:
        users.create_user(session=session, actor=Actor.system("test"), data=schemas.UserCreate(
            email="region32@test.invalid", nom="Région test", role="region", code_region="32", password=PASSWORD))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((LOCAL_HOST, 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("Le serveur uvicorn de test n'a pas démarré.", pytrace=False)
        time.sleep(0.05)
    yield app, f"http://{LOCAL_HOST}:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture()
def signed_in(page, projets_server):
    """The guarded page, signed in as the région-32 user (the sign-in API sets the session cookie)."""
    app, base = projets_server
    r = page.request.post(f"{base}/api/v1/auth/token", data={"email": "region32@test.invalid", "password": PASSWORD})
    assert r.ok, r.text()
    return page, app, base


def _ti_and_epci_of_region_32(warehouse_path) -> tuple[str, str]:
    """A phase-2 Territoire d'industrie of Hauts-de-France and an EPCI with a commune in it (from the warehouse)."""
    from vigie_industrie.warehouse import connection

    con = connection.connect(warehouse_path)
    try:
        return con.execute("""select cti.territoire_id, c.siren_epci from commune_territoire_industrie cti
                              join commune c using (code_commune)
                              join territoire_industrie t on t.territoire_id = cti.territoire_id and t.phase = cti.phase
                              where cti.phase = 2 and t.code_region = '32' and c.code_region = '32'
                                and c.siren_epci is not null
                              order by 1, 2 limit 1""").fetchone()
    finally:
        con.close()


def test_region_user_cannot_create_project_outside_its_region(signed_in, guard):
    page, _, base = signed_in
    page.goto(f"{base}/pilotage/projets/nouveau")
    page.fill("#champ-territoire_id", "ti-8401")
    page.select_option("#champ-phase", "2")
    page.fill("#champ-siren_epci", "246200513")
    page.fill("#champ-titre", "Projet hors région")
    page.select_option("#champ-enjeu", "innover")
    page.get_by_role("button", name="Enregistrer le projet").click()
    alert = page.locator("#erreurs-formulaire")
    expect(alert).to_contain_text("Ce projet relève de la région 84 ; votre compte ne peut écrire que pour la région 32.")
    expect(page.locator("#champ-titre")).to_have_value("Projet hors région")
    # the refused post is a 403 document, which Chromium reports on the console: expected here, and only it
    assert [e for e in guard.console_errors if "status of 403" not in e] == []
    assert any("status of 403" in e for e in guard.console_errors)
    guard.clear()
    page.goto(f"{base}/pilotage/projets")
    expect(page.locator("body")).not_to_contain_text("Projet hors région")


def test_mission_days_left_then_late_and_blocked_projects(signed_in, warehouse_path):
    page, app, base = signed_in
    ti, epci = _ti_and_epci_of_region_32(warehouse_path)
    start = app.state.clock.today
    # a project with an open blocking point, through the form
    page.goto(f"{base}/pilotage/projets/nouveau")
    page.fill("#champ-territoire_id", ti)
    page.select_option("#champ-phase", "2")
    page.fill("#champ-siren_epci", epci)
    page.fill("#champ-titre", "Reconversion du site")
    page.select_option("#champ-enjeu", "attirer")
    page.select_option("#champ-point_nature", "raccordement_energie")
    page.fill("#champ-point_acteur", "Gestionnaire de réseau")
    page.fill("#champ-point_depuis", (start - timedelta(days=40)).isoformat())
    page.get_by_role("button", name="Enregistrer le projet").click()
    expect(page.locator("#message-succes")).to_have_text("Enregistré.")
    expect(page.locator("#jours-bloque")).to_have_text("40 j")
    # the mission, 145 days to its deadline, linked to that project
    page.goto(f"{base}/pilotage/missions/nouvelle")
    page.fill("#champ-territoire_id", ti)
    page.select_option("#champ-phase", "2")
    page.fill("#champ-intitule", "Mission après fermeture (test)")
    page.fill("#champ-date_debut", start.isoformat())
    page.fill("#champ-duree_jours", "145")
    page.locator("#formulaire-mission label", has_text="Reconversion du site").click()  # DSFR: the label covers the box
    page.get_by_role("button", name="Créer la mission").click()
    expect(page.locator("#etat-mission")).to_contain_text("145 j restants")
    expect(page.locator("#etat-mission")).to_contain_text("J-145")
    expect(page.locator("#encore-bloque")).to_contain_text("Reconversion du site")
    expect(page.locator("#encore-bloque")).to_contain_text("Raccordement / énergie — Gestionnaire de réseau")
    mission_url = page.url.split("?")[0]
    # the clock passes the deadline by 3 days
    app.state.clock.today = start + timedelta(days=148)
    page.goto(mission_url)
    expect(page.locator("#etat-mission")).to_have_text("en retard de 3 j")
    violations = axe(page)
    assert not violations, axe_report(violations)
    page.goto(f"{base}/pilotage/missions")
    expect(page.locator("#table-missions")).to_contain_text("en retard de 3 j")
    expect(page.locator("#table-missions")).not_to_contain_text("restants")
    for path in ("/pilotage/missions", "/pilotage/projets", "/pilotage/calendrier"):
        page.goto(f"{base}{path}")
        violations = axe(page)
        assert not violations, f"{path} : {axe_report(violations)}"
