"""`vigie perimetre creer|liste|supprimer` end to end, on the mirror warehouse and a SQLite store."""

from __future__ import annotations

import json

from .conftest import run


def test_create_list_delete(cli_store, warehouse_path, capsys, audomarois):
    wh = ["--warehouse", str(warehouse_path)]
    code, out, err = run(["perimetre", "creer", "Audomarois", *sum((["--membre", e] for e in audomarois["epci"]), []),
                          "--public", "--json", *wh], capsys)
    assert code == 0, err
    created = json.loads(out)
    assert created["code"].startswith("perim-") and created["visibilite"] == "public"
    assert created["nb_communes"] == len(audomarois["communes"]) == 89
    assert created["proprietaire"] == "cli@local"

    code, out, _ = run(["perimetre", "liste"], capsys)
    assert code == 0 and created["code"] in out and "Audomarois" in out and "2 membre(s)" in out

    code, out, _ = run(["perimetre", "liste", "--json"], capsys)
    assert [p["code"] for p in json.loads(out)] == [created["code"]]

    code, out, _ = run(["perimetre", "supprimer", created["code"]], capsys)
    assert code == 0 and "supprimé" in out
    code, out, _ = run(["perimetre", "liste"], capsys)
    assert "Aucun périmètre" in out


def test_bad_inputs_are_one_french_line(cli_store, warehouse_path, capsys):
    wh = ["--warehouse", str(warehouse_path)]
    for argv, words in (
        (["perimetre", "creer", "X", "--membre", "99999", *wh], "ni une commune"),
        (["perimetre", "creer", "X", "--membre", "12", *wh], "membres.0"),
        (["perimetre", "supprimer", "perim-999"], "introuvable"),
        (["perimetre", "supprimer", "Audomarois"], "n'est pas un identifiant"),
        (["perimetre", "liste", "--utilisateur", "personne@test.invalid"], "aucun compte actif"),
    ):
        code, out, err = run(argv, capsys)
        assert code != 0, argv
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Erreur : ") and words in lines[0], (argv, err)
        assert "Traceback" not in err


def test_acting_as_a_user_owns_the_perimeter(cli_store, warehouse_path, capsys):
    code, _, err = run(["users", "add", "elu@test.invalid", "--role", "epci", "--epci", "200069037",
                        "--password", "mot-de-passe-long-1"], capsys)
    assert code == 0, err
    code, out, err = run(["perimetre", "creer", "Lumbres", "--membre", "246201016", "--json", "-u", "elu@test.invalid",
                          "--warehouse", str(warehouse_path)], capsys)
    assert code == 0, err
    assert json.loads(out)["proprietaire"] == "elu@test.invalid"
    code, out, _ = run(["users", "add", "autre@test.invalid", "--role", "lecteur", "--password", "mot-de-passe-long-2"], capsys)
    code, out, _ = run(["perimetre", "liste", "-u", "autre@test.invalid"], capsys)
    assert "Aucun périmètre" in out  # private: not the reader's
