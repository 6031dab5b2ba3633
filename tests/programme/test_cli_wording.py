"""`vigie programme` wording (issue 12 item 14): dates printed, plurals, overdue missions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from vigie_industrie.cli import main
from vigie_industrie.programme import crud, services
from vigie_industrie.programme.authz import Actor


@pytest.fixture
def cli(database_url, monkeypatch, capsys):
    monkeypatch.setenv("VIGIE_DATABASE_URL", database_url)

    def run(*args: str) -> str:
        try:
            main(list(args))
        except SystemExit as exc:
            assert exc.code == 0, capsys.readouterr()
        return capsys.readouterr().out

    return run


def _create(store, resource, **values):
    data = crud.RESOURCES[resource].create.model_validate(values)
    with store.transaction() as session:
        return crud.create(session=session, resource=resource, data=data, actor=Actor.system("test"))


def test_calendrier_prints_the_signature_date(cli, store):
    _create(store, "contrats", territoire_id="ti-3212", phase=2, statut="signe", date_signature="2023-09-01",
            intitule="Contrat test")
    _create(store, "contrats", territoire_id="ti-3205", phase=2, intitule="Contrat test non signé")
    out = cli("programme", "calendrier", "--region", "32")
    assert "2023-09-01" in out and "<10" not in out
    assert "non signé" in out


def test_territoires_member_count_is_pluralised(cli, ti_warehouse):
    out = cli("programme", "territoires", "--region", "32", "--phase", "2", "--warehouse", str(ti_warehouse))
    assert "1 membre\n" in out or out.rstrip().endswith("1 membre")
    assert "1 membres" not in out and "2 membres" in out


def test_overdue_mission_says_late_not_negative_days_left(cli, store):
    start = date.today() - timedelta(days=297 + 10)
    _create(store, "missions", territoire_id="ti-3212", phase=2, intitule="Mission test en retard",
            date_debut=start.isoformat(), duree_jours=10)
    _create(store, "missions", territoire_id="ti-3212", phase=2, intitule="Mission test à l'heure",
            date_debut=date.today().isoformat(), duree_jours=20)
    out = cli("programme", "missions")
    assert "en retard de 297 j" in out and "-297" not in out
    assert "20 j restants" in out


def test_overdue_mission_api_field(store):
    today = date(2025, 6, 30)
    _create(store, "missions", territoire_id="ti-3212", phase=2, intitule="Mission test", date_debut="2024-08-27",
            duree_jours=10)
    with store.session() as session:
        [row] = services.missions_ouvertes(session=session, today=today)
    assert row["retard_jours"] == (today - date(2024, 9, 6)).days == 297
    assert row["jours_restants"] == 0


def test_an_epci_account_names_an_epci_of_the_warehouse(database_url, rights_warehouse, monkeypatch, capsys):
    """`siren_epci 356000000` (La Poste) is no EPCI: refused when the warehouse is there (issue 12 item 3)."""
    monkeypatch.setenv("VIGIE_DATABASE_URL", database_url)
    monkeypatch.setenv("VIGIE_WAREHOUSE", str(rights_warehouse))
    for epci, region, word in (("356000000", "32", "aucun EPCI"), ("246200513", "32", "région 84")):
        with pytest.raises(SystemExit) as exc:
            main(["users", "add", "e@test.invalid", "--role", "epci", "--epci", epci, "--region", region,
                  "--password", "mot-de-passe-cli-test"])
        err = capsys.readouterr().err
        assert exc.value.code == 2 and word in err, err
    main(["users", "add", "e@test.invalid", "--role", "epci", "--epci", "200072460", "--region", "32",
          "--password", "mot-de-passe-cli-test"])
    assert "créé" in capsys.readouterr().out
