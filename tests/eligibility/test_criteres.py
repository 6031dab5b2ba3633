"""The criteria files: every criterion sourced and readable; bad files and weights refused in one French line."""

from __future__ import annotations

import pytest

from vigie_industrie import errors
from vigie_industrie.eligibility import criteres, features


@pytest.mark.parametrize("name", criteres.available())
def test_shipped_files_are_complete(name):
    g = criteres.load(name)
    assert g.id == name and g.version and g.criteres
    for c in g.criteres:
        assert features.known(c.indicateur) and c.texte_officiel and c.annee_reference >= 2019
        assert g.sources[c.source].url.startswith("https://") and g.sources[c.source].date == "2019-04-16"
    assert g.non_mesures, "the part of the official text no indicator measures is listed, not dropped"


def test_default_and_alternatives():
    assert criteres.DEFAULT in criteres.available() and len(criteres.available()) >= 2


def test_weights_override_and_id():
    g = criteres.with_poids(criteres.load(), criteres.parse_poids(["ecosysteme_dense=3", "savoir_faire=0,5"]))
    assert g.critere("ecosysteme_dense").poids == 3 and g.critere("savoir_faire").poids == 0.5
    assert g.id.startswith("officiel-2019+poids(")


@pytest.mark.parametrize("items, fragment", [
    (["identite"], "écrivez id=valeur"), (["x=abc"], "écrivez id=valeur"), (["identite_industrielle=-1"], "entre 0 et"),
    (["identite_industrielle=nan"], "entre 0 et"), (["identite_industrielle=inf"], "entre 0 et"),
])
def test_bad_weights(items, fragment):
    with pytest.raises(errors.ValidationFailed, match=fragment):
        criteres.with_poids(criteres.load(), criteres.parse_poids(items))


def test_unknown_criterion_in_weights():
    with pytest.raises(errors.ValidationFailed, match="Critère « zzz » inconnu"):
        criteres.with_poids(criteres.load(), {"zzz": 1.0})


@pytest.mark.parametrize("text, fragment", [
    ("[grille]\nid='x'\n", "aucun"),
    ("[[critere]]\nid='a'\n", "n'a pas"),
    ("not toml = = =", "TOML illisible"),
])
def test_bad_files(tmp_path, text, fragment):
    path = tmp_path / "c.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(errors.ValidationFailed, match=fragment):
        criteres.load(path)


def test_file_reading_an_unknown_indicator(tmp_path):
    src = tmp_path / "x.toml"
    base = open(criteres.__file__.replace("criteres.py", "criteres/officiel-2019.toml"), encoding="utf-8").read()
    src.write_text(base.replace('indicateur = "emploi_industriel"', 'indicateur = "emploi_imaginaire"'), encoding="utf-8")
    with pytest.raises(errors.ValidationFailed, match="emploi_imaginaire"):
        criteres.load(src)


def test_unknown_shipped_name():
    with pytest.raises(errors.ValidationFailed, match="fichiers livrés"):
        criteres.load("inexistant")
