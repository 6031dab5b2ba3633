"""`vigie users …` and `vigie programme …` through the real entry point."""

from __future__ import annotations

import json

import pytest

from vigie_industrie.cli import main

PASSWORD = "mot-de-passe-cli-test"


@pytest.fixture
def cli(database_url, monkeypatch, capsys):
    monkeypatch.setenv("VIGIE_DATABASE_URL", database_url)

    def run(*args: str, code: int = 0) -> tuple[str, str]:
        try:
            main(list(args))
            got = 0
        except SystemExit as exc:
            got = exc.code
        out, err = capsys.readouterr()
        assert got == code, (out, err)
        return out, err

    return run


def test_users_add_list_disable(cli):
    out, _ = cli("users", "add", "admin@test.invalid", "--role", "admin", "--password", PASSWORD)
    assert "créé" in out
    cli("users", "add", "r32@test.invalid", "--role", "region", "--region", "32", "--password", PASSWORD)
    _, err = cli("users", "add", "r@test.invalid", "--role", "region", "--password", PASSWORD, code=2)
    assert "indiquez la région" in err and "Traceback" not in err
    _, err = cli("users", "add", "admin@test.invalid", "--role", "admin", "--password", PASSWORD, code=10)
    assert "existe déjà" in err
    listed = json.loads(cli("users", "list", "--json")[0])
    assert [(u["email"], u["role"], u["code_region"]) for u in listed] == [
        ("admin@test.invalid", "admin", None), ("r32@test.invalid", "region", "32")]
    cli("users", "disable", "r32@test.invalid")
    assert [u["is_active"] for u in json.loads(cli("users", "list", "--json")[0])] == [True, False]
    _, err = cli("users", "disable", "personne@test.invalid", code=6)
    assert "vigie users list" in err


def test_programme_commands(cli, tmp_path, ti_warehouse):
    csv = tmp_path / "contrats.csv"
    csv.write_text(
        "territoire_id,phase,statut,date_signature,intitule\n"
        "ti-3212,2,signe,2023-09-01,Contrat test A\n"
        "ti-3205,2,signe,2023-05-10,Contrat test B\n"
        "ti-8401,2,en_preparation,,Contrat test C\n",
        encoding="utf-8",
    )
    out, _ = cli("programme", "import", str(csv), "--type", "contrats", "--dry-run")
    assert "3 acceptée(s)" in out and "rien écrit" in out
    cli("programme", "import", str(csv), "--type", "contrats")
    rows = json.loads(cli("programme", "calendrier", "--region", "32", "--json")[0])
    assert [r["territoire_id"] for r in rows] == ["ti-3205", "ti-3212"]
    out, _ = cli("programme", "territoires", "--region", "32", "--phase", "2", "--warehouse", str(ti_warehouse))
    assert "ti-3205" in out and "ti-3212" in out and "ti-8401" not in out
    _, err = cli("programme", "territoires", "--warehouse", str(tmp_path / "absent.duckdb"), code=5)
    assert "vigie build" in err
    out, _ = cli("programme", "bloques", "--jours", "30")
    assert "vigie programme import projets.csv" in out and "Aucun résultat" not in out  # issue 14: how to fill it
    out, _ = cli("programme", "missions", "--json")
    assert json.loads(out) == []
    out, _ = cli("programme", "besoins", "--territoire", "ti-3212")
    assert "vigie programme import besoins.csv" in out and "Aucun résultat" not in out
    _, err = cli("programme", "besoins", "--territoire", "ti-32", code=2)
    assert "ti-RRNN" in err
    xlsx = tmp_path / "out.xlsx"
    out, _ = cli("programme", "export", "--type", "contrats", "--output", str(xlsx))
    assert "3 ligne(s)" in out and xlsx.exists()


def test_import_with_bad_rows_exits_non_zero(cli, tmp_path):
    csv = tmp_path / "p.csv"
    csv.write_text("territoire_id,phase,siren_epci,titre,enjeu\nti-3212,2,200072460,A,innover\nti-3212,3,200072460,B,innover\n")
    _, err = cli("programme", "import", str(csv), "--type", "projets", code=2)
    assert "ligne 3" in err and "rien n'a été écrit" in err
    _, err = cli("programme", "import", str(csv), "--type", "projets", "--dry-run", code=2)
    assert "ligne 3" in err
