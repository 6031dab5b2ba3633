"""The « À traiter » e-mail digest (issue 14): received by a local SMTP server started by the test,
addressed to the right user, naming only what that user may see."""

from __future__ import annotations

import socket
from datetime import date, timedelta
from email import message_from_bytes, policy

import pytest

from tests.cli_helpers import run

from .conftest import EPCI_A, besoin, create_row


class Inbox:
    """aiosmtpd handler keeping every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content, policy=policy.default)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


@pytest.fixture
def cli_env(env, monkeypatch, rights_warehouse):
    """The CLI reads its settings from the environment: the test store and warehouse."""
    monkeypatch.setenv("VIGIE_DATABASE_URL", env.store.url)
    monkeypatch.setenv("VIGIE_WAREHOUSE", str(rights_warehouse))
    monkeypatch.setenv("VIGIE_BASE_URL", "https://vigie.example.test")
    for key in ("VIGIE_SMTP_HOST", "VIGIE_SMTP_USER", "VIGIE_SMTP_PASSWORD"):
        monkeypatch.delenv(key, raising=False)
    return env


def _seed(store):
    """Transmitted and draft needs of two EPCI, a mission due in 5 days in région 32 (dates from today:
    the command runs on the real clock)."""
    today = date.today()
    besoin(store, "own", statut="transmis", nom_entreprise="Forges test Artois")
    besoin(store, "own", statut="brouillon", nom_entreprise="Brouillon test Artois")
    besoin(store, "other", statut="brouillon", nom_entreprise="Scierie test Isère")
    besoin(store, "other", statut="transmis", nom_entreprise="Papeterie test Isère")
    create_row(store, "missions", "own", intitule="Mission test Béthune-Bruay", duree_jours=145,
               date_debut=(today + timedelta(days=5 - 145)).isoformat())


def test_digest_arrives_to_each_user_with_only_what_they_may_see(cli_env, smtp, monkeypatch, capsys):
    controller, inbox = smtp
    _seed(cli_env.store)
    monkeypatch.setenv("VIGIE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("VIGIE_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("VIGIE_SMTP_STARTTLS", "false")
    monkeypatch.setenv("VIGIE_SMTP_FROM", "pilotage@vigie.example.test")
    code, out, err = run(["programme", "digest", "--envoyer"], capsys)
    assert code == 0, err
    by_user = {rcpt[0]: msg for rcpt, msg in inbox.messages}
    # admin, region (32), region_autre (84), epci (A), epci_autre (B); the lecteur gets nothing
    assert sorted(by_user) == ["admin@test.invalid", "epci@test.invalid", "epci_autre@test.invalid",
                               "region@test.invalid", "region_autre@test.invalid"]
    assert f"{len(inbox.messages)} message(s) envoyé(s)" in out
    epci = by_user["epci@test.invalid"]
    assert epci["To"].addresses[0].addr_spec == "epci@test.invalid"
    assert epci["From"].addresses[0].addr_spec == "pilotage@vigie.example.test"
    text = epci.get_content()
    assert "Brouillon test Artois" in text and "Mission test Béthune-Bruay" in text
    for foreign in ("Scierie test Isère", "Papeterie test Isère", "Forges test Artois"):
        assert foreign not in text  # another EPCI's firm, and a need already passed on
    other = by_user["epci_autre@test.invalid"].get_content()
    assert "Scierie test Isère" in other and "Artois" not in other and "Béthune" not in other
    region = by_user["region@test.invalid"].get_content()
    assert "Forges test Artois" in region and "Brouillon" not in region and "Isère" not in region
    assert "https://vigie.example.test/besoins/" in region and "https://vigie.example.test/a-traiter" in region
    assert "réception à accuser" in region and EPCI_A not in by_user["epci_autre@test.invalid"].get_content()
    assert "(5 j restants)" in region


def test_doctests():
    import doctest

    from vigie_industrie.programme import digest

    assert doctest.testmod(digest).failed == 0


def test_one_user_and_dry_run_send_nothing(cli_env, smtp, monkeypatch, capsys):
    controller, inbox = smtp
    _seed(cli_env.store)
    monkeypatch.setenv("VIGIE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("VIGIE_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("VIGIE_SMTP_STARTTLS", "false")
    code, out, err = run(["programme", "digest", "--utilisateur", "REGION@test.invalid"], capsys)
    assert code == 0, err
    assert "--- À region <region@test.invalid>" in out and "Forges test Artois" in out and "Simulation : 1 message(s)" in out
    assert inbox.messages == []
    code, out, err = run(["programme", "digest", "--envoyer", "--utilisateur", "region@test.invalid"], capsys)
    assert code == 0 and [r for r, _ in inbox.messages] == [["region@test.invalid"]]
    code, out, err = run(["programme", "digest", "--utilisateur", "personne@test.invalid"], capsys)
    assert code != 0 and "inconnu" in err and "Traceback" not in err


def test_without_smtp_the_command_says_how_to_configure_it(cli_env, capsys):
    _seed(cli_env.store)
    code, out, err = run(["programme", "digest", "--envoyer"], capsys)
    assert code != 0
    assert err.count("\n") == 1 and "VIGIE_SMTP_HOST" in err and "docs/pilotage.md" in err and "Traceback" not in err
    code, out, err = run(["programme", "digest"], capsys)  # the dry run still shows what would be sent
    assert code == 0 and "configurez d'abord VIGIE_SMTP_HOST" in out


def test_unreachable_smtp_is_one_french_line(cli_env, monkeypatch, capsys):
    _seed(cli_env.store)
    monkeypatch.setenv("VIGIE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("VIGIE_SMTP_PORT", str(_free_port()))  # nobody listens there
    monkeypatch.setenv("VIGIE_SMTP_STARTTLS", "false")
    code, out, err = run(["programme", "digest", "--envoyer"], capsys)
    assert code == 15 and err.startswith("Erreur : Envoi par 127.0.0.1") and err.count("\n") == 1
