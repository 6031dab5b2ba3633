"""Ids, names and labels of constituencies: examples and round-trip properties."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie_industrie import errors
from vigie_industrie.territories import circonscriptions as circo

DEPARTEMENTS = {
    "01": "Ain",
    "2A": "Corse-du-Sud",
    "2B": "Haute-Corse",
    "13": "Bouches-du-Rhône",
    "22": "Côtes-d'Armor",
    "59": "Nord",
    "62": "Pas-de-Calais",
    "66": "Pyrénées-Orientales",
    "75": "Paris",
    "78": "Yvelines",
    "80": "Somme",
    "971": "Guadeloupe",
    "974": "La Réunion",
    "978": "Saint-Barthélemy et Saint-Martin",
    "ZZ": "Français établis hors de France",
}

dep_codes = st.sampled_from(sorted(DEPARTEMENTS))
numeros = st.integers(min_value=1, max_value=21)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("circo-62-08", "circo-62-08"),
        ("CIRCO-62-8", "circo-62-08"),
        ("circo 2a 01", "circo-2A-01"),
        ("circo-971-01", "circo-971-01"),
        ("circo-977-01", "circo-978-01"),
        ("circo-zz-11", "circo-ZZ-11"),
    ],
)
def test_normalize_id(typed, expected):
    assert circo.normalize_id(typed) == expected


@pytest.mark.parametrize("typed", ["62008", "circo-XX-01", "circo-62", "circo-1-01", "circonscription"])
def test_normalize_id_rejects(typed):
    with pytest.raises(errors.InvalidCode):
        circo.normalize_id(typed)


def test_a_commune_code_is_never_an_id():
    assert not circo.looks_like_id("62008")
    assert circo.looks_like_id("circo-62-08")


@pytest.mark.parametrize(
    ("code", "expected"),
    [("62008", "circo-62-08"), ("2A001", "circo-2A-01"), ("2B002", "circo-2B-02"), ("97101", "circo-971-01"),
     ("97801", "circo-978-01"), ("75018", "circo-75-18")],
)
def test_from_insee_code(code, expected):
    assert circo.from_insee_code(code) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("6208", "circo-62-08"), ("2A01", "circo-2A-01"), ("97101", "circo-971-01"), ("ZZ01", "circo-ZZ-01"),
     ("97701", "circo-978-01"), ("6604", "circo-66-04")],
)
def test_from_rne_code(code, expected):
    assert circo.from_rne_code(code) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pas-de-Calais 8e circonscription", ("62", 8)),
        ("pas-de-calais 8E CIRCONSCRIPTION", ("62", 8)),
        ("8e circonscription du Pas-de-Calais", ("62", 8)),
        ("Pas-de-Calais (8e circonscription)", ("62", 8)),
        ("Pas-de-Calais, 8e circonscription", ("62", 8)),
        ("Pas-de-Calais - 8ème circonscription", ("62", 8)),
        ("Pyrénées-Orientales (4e circonscription)", ("66", 4)),
        ("4e circonscription des Pyrenees-Orientales", ("66", 4)),
        ("1re circonscription de Corse-du-Sud", ("2A", 1)),
        ("1ère circonscription de la Corse-du-Sud", ("2A", 1)),
        ("première circonscription de l'Ain", ("01", 1)),
        ("2e circonscription des Côtes-d'Armor", ("22", 2)),
        ("3e circonscription de La Réunion", ("974", 3)),
        ("3e circonscription de la Réunion", ("974", 3)),
        ("circonscription n° 5 de la Somme", ("80", 5)),
        ("Saint-Barthélemy et Saint-Martin, circonscription unique", ("978", 1)),
        ("62 8e circonscription", ("62", 8)),
    ],
)
def test_parse_name(text, expected):
    assert circo.parse_name(text, DEPARTEMENTS) == expected


@pytest.mark.parametrize("text", ["Pas-de-Calais", "Evrard", "8e circonscription de Narnia", "62008", ""])
def test_parse_name_rejects(text):
    assert circo.parse_name(text, DEPARTEMENTS) is None


@given(dep_codes, numeros)
def test_id_round_trips_through_insee_and_rne_codes(dep, numero):
    ident = circo.make_id(dep, numero)
    assert circo.split_id(ident) == (dep, numero)
    assert circo.normalize_id(ident) == ident
    assert circo.normalize_id(ident.upper().replace("-", " ")) == ident
    if dep != "ZZ":
        assert circo.from_insee_code(circo.to_insee_code(ident)) == ident
    rne = f"{dep}{numero:02d}"
    assert circo.from_rne_code(rne) == ident


@given(dep_codes, numeros, st.sampled_from(["label", "suffix", "prefix", "paren", "upper", "ascii"]))
def test_label_round_trips_through_parse_name(dep, numero, form):
    nom = DEPARTEMENTS[dep]
    text = {
        "label": circo.label(nom, numero),
        "suffix": f"{nom} {circo.ordinal(numero)} circonscription",
        "prefix": f"{circo.ordinal(numero)} circonscription de {nom}",
        "paren": f"{nom} ({circo.ordinal(numero)} circonscription)",
        "upper": circo.label(nom, numero).upper(),
        "ascii": circo.fold(circo.label(nom, numero)),
    }[form]
    assert circo.parse_name(text, DEPARTEMENTS) == (dep, numero)


@given(numeros)
def test_ordinal(numero):
    assert circo.ordinal(numero) == ("1re" if numero == 1 else f"{numero}e")
    assert circo.label("Nord", numero).endswith(f"{circo.ordinal(numero)} circonscription")


def test_count_sentence_says_what_exists():
    ids = [circo.make_id("62", n) for n in range(1, 13)]
    assert circo.count_sentence("Pas-de-Calais", 2, ids) == (
        "Le Pas-de-Calais compte 12 circonscriptions (circo-62-01 à circo-62-12)."
    )


def test_doctests():
    import doctest

    from vigie_industrie.territories.kinds import circonscription as kind

    for module in (circo, kind):
        result = doctest.testmod(module)
        assert result.failed == 0 and result.attempted > 0, module.__name__
