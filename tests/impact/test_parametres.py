"""The multiplier parameters: every value cited and dated, the band ordered, the parliament figure an
assumption never used by default; the arithmetic checked on given parameters."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie_industrie import errors
from vigie_industrie.impact import parametres

RAW = tomllib.loads((resources.files("vigie_industrie.impact") / "parametres" / "multiplicateurs.toml").read_text("utf-8"))

# The research values the issue starts from (issue 15): id → (value, low, high).
PUBLISHED = {
    "frocrain-giraud-2016": (0.64, 0.64, 0.64),
    "frocrain-giraud-2018": (0.80, 0.80, 0.80),
    "malgouyres-2017": (1.5, 1.25, 1.5),
    "moretti-2010": (1.6, 1.6, 1.6),
    "fabrique-industrie-2025": (1.34, 1.34, 1.34),
    "parlement": (4.5, 4.0, 5.0),
}


def test_values_are_the_published_ones_with_their_references():
    p = parametres.load()
    assert {k: (m.valeur, m.bas, m.haut) for k, m in p.multiplicateurs.items()} == PUBLISHED
    for m in p.multiplicateurs.values():
        assert m.source.titre and m.source.auteurs and m.source.editeur and m.source.reference and m.unite and m.portee
        if not m.hypothese:
            assert m.annee_publication and 2000 < m.annee_publication < 2030, m.id
    assert p.multiplicateurs["moretti-2010"].portee.startswith("États-Unis")


def test_parliament_figure_is_an_assumption_never_the_default_nor_in_the_band():
    p = parametres.load()
    assert p.multiplicateurs["parlement"].hypothese
    assert p.defaut != "parlement" and "parlement" not in p.bande.values()
    assert p.get(None).id == p.defaut == p.bande["central"]
    assert p.get("parlement").id == "parlement"  # still selectable
    assert (p.get("bas").valeur, p.get("central").valeur, p.get("haut").valeur) == (0.64, 1.34, 1.5)


def test_unknown_multiplier_is_a_french_error_with_the_ids():
    with pytest.raises(errors.InvalidCode, match="inconnu.*moretti-2010"):
        parametres.load().get("moreti")


@pytest.mark.parametrize("edit, words", [
    (lambda d: d["bande"].update(defaut="parlement"), "defaut"),
    (lambda d: d["bande"].update(central="parlement"), "hypothèse"),
    (lambda d: d["bande"].update(bas="malgouyres-2017", haut="frocrain-giraud-2016"), "bas ≤ central ≤ haut"),
    (lambda d: d["multiplicateurs"]["moretti-2010"].pop("source"), "source"),
    (lambda d: d["multiplicateurs"]["moretti-2010"].update(valeur=-1), "positif"),
    (lambda d: d["multiplicateurs"]["malgouyres-2017"].update(bas=1.6), "bas ≤ valeur ≤ haut"),
    (lambda d: d["multiplicateurs"]["moretti-2010"].update(statut="rumeur"), "statut"),
])
def test_malformed_parameters_are_refused(edit, words):
    import copy

    data = copy.deepcopy(RAW)
    edit(data)
    with pytest.raises(errors.ValidationFailed, match=words):
        parametres.parse(data)


def _m(valeur, bas=None, haut=None):
    return parametres.Multiplicateur("t", "t", valeur, bas if bas is not None else valeur, haut if haut is not None else valeur,
                                     "emplois", 2020, "", "", "estimation publiée",
                                     parametres.Publication("", "", "", "", "", ""))


def test_arithmetic_on_the_worked_example():
    # 863 direct jobs (Bridgestone Béthune): 863 × 1.34 = 1156.42 indirect, 2019.42 in all
    assert parametres.indirects(863, _m(1.34)) == pytest.approx(1156.42)
    assert parametres.total(863, _m(1.34)) == pytest.approx(2019.42)
    m = _m(1.5, 1.25, 1.5)
    assert (parametres.indirects(863, m, "bas"), parametres.indirects(863, m, "haut")) == (pytest.approx(1078.75), pytest.approx(1294.5))
    assert parametres.hausse_chomage(2019.42, 104_374.0) == pytest.approx(100 * 2019.42 / 104_374)


@given(direct=st.integers(min_value=1, max_value=100_000), m=st.floats(min_value=0, max_value=10, allow_nan=False),
       spread=st.floats(min_value=0, max_value=2, allow_nan=False))
def test_multiplier_arithmetic_properties(direct, m, spread):
    mult = _m(m, m, m + spread)
    ind = parametres.indirects(direct, mult)
    assert ind == pytest.approx(direct * m, abs=1e-5)
    assert parametres.total(direct, mult) == pytest.approx(direct + ind, abs=1e-5)
    assert parametres.indirects(direct, mult, "bas") <= ind <= parametres.indirects(direct, mult, "haut") + 1e-9
    # linear: two sites closed together lose what each loses alone
    assert parametres.indirects(2 * direct, mult) == pytest.approx(2 * ind, abs=1e-5)


@given(emplois=st.integers(min_value=0, max_value=10**6), pa=st.floats(min_value=1, max_value=1e7, allow_nan=False))
def test_unemployment_rise_is_the_share_of_the_labour_force(emplois, pa):
    rise = parametres.hausse_chomage(emplois, pa)
    assert rise == pytest.approx(100 * emplois / pa, rel=1e-6, abs=1e-6)
    assert parametres.hausse_chomage(emplois, None) is None and parametres.hausse_chomage(emplois, 0) is None
