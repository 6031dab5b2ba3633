"""The plain-French paragraph (`reports.texte.resume`): every number it prints is one of the
fiche's figures, French-formatted; increase, decrease and stability read right; a missing
figure is said to be missing (or left out), never printed as 0. Fiches built from given figures."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from vigie_industrie.fiches.model import Chiffre, Fiche, Relatifs, TerritoireIndustrie, TerritoiresIndustrie
from vigie_industrie.observatoire import texte as fmt
from vigie_industrie.reports import texte

LIBELLES = {
    "population": ("Population municipale", "habitants"),
    "emploi_industriel": ("Emploi salarié industriel", "emplois"),
    "part_industrie": ("Part de l'industrie dans l'emploi salarié privé", "%"),
    "evolution_emploi_industriel_5ans_pct": ("Évolution de l'emploi industriel sur cinq ans (%)", "%"),
    "taux_chomage": ("Taux de chômage localisé", "%"),
    "evolution_chomage_4t": ("Évolution du taux de chômage sur 4 trimestres", "points"),
}
PERIODES = {"evolution_emploi_industriel_5ans_pct": "2019-2024", "taux_chomage": "2023-T3", "evolution_chomage_4t": "2023-T3"}

maybe = st.one_of(st.none(), st.floats(min_value=-60, max_value=60, allow_nan=False).map(lambda v: round(v, 3)))
counts = st.one_of(st.none(), st.integers(min_value=1, max_value=3_000_000).map(float))
niveaux = st.sampled_from(["exact", "estimation", "union de zones"])


def chiffre(id_: str, valeur, *, region=None, france=None, niveau="exact", note=None) -> Chiffre:
    libelle, unite = LIBELLES[id_]
    return Chiffre(id=id_, libelle=libelle, valeur=valeur, unite=unite, periode=PERIODES.get(id_, "2024"),
                   niveau=niveau, valeur_region=region, valeur_france=france, note=note)


def fiche(chiffres: list[Chiffre], *, type_="epci", ti=(), nb_communes=12) -> Fiche:
    return Fiche(
        titre="CA Test · EPCI 200000001", type=type_, libelle_type="EPCI" if type_ == "epci" else "France", code="200000001",
        nom="CA Test", nb_communes=nb_communes, parents=Relatifs(total=0, liste=[]), enfants=Relatifs(total=0, liste=[]),
        chiffres_cles=chiffres,
        territoires_industrie=TerritoiresIndustrie(id="territoires_industrie", titre="Territoires d'industrie", territoires=list(ti)),
        sources=[],
    )


def _numbers(text: str) -> list[str]:
    """The numbers printed in ``text`` (French format: thin-space thousands, decimal comma)."""
    return [m.strip() for m in re.findall(r"\d[\d\u202f]*(?:,\d+)?", text)]


def _allowed(f: Fiche) -> set[str]:
    """Every number the paragraph may print: the fiche's figures formatted, their periods, its code."""
    out = {f.code, fmt.valeur(f.nb_communes)}
    for c in f.chiffres_cles:
        for v in (c.valeur, c.valeur_region, c.valeur_france):
            if v is not None:
                out.add(fmt.valeur(v, c.unite).rstrip(" %"))
                out.add(fmt.valeur(abs(v), c.unite).rstrip(" %"))
        out.update(_numbers(c.periode or ""))
    out.update({"1", "2", "2018", "2022", "2023", "2027", "3"})  # phases (2018-2022, 2023-2027), « 3e trimestre »
    return out


@settings(max_examples=200, deadline=None)
@given(pop=counts, emploi=counts, part=maybe, evo=maybe, evo_fr=maybe, chom=maybe, chom_reg=maybe, chom_fr=maybe,
       chom_4t=maybe, niveau=niveaux)
def test_every_number_comes_from_the_fiche(pop, emploi, part, evo, evo_fr, chom, chom_reg, chom_fr, chom_4t, niveau):
    f = fiche([
        chiffre("population", pop), chiffre("emploi_industriel", emploi, niveau=niveau), chiffre("part_industrie", part, france=chom_fr),
        chiffre("evolution_emploi_industriel_5ans_pct", evo, france=evo_fr, niveau=niveau),
        chiffre("taux_chomage", chom, region=chom_reg, france=chom_fr), chiffre("evolution_chomage_4t", chom_4t),
    ])
    sentences = texte.resume(f)
    allowed = _allowed(f)
    for s in sentences:
        for n in _numbers(s):
            assert n in allowed, f"« {n} » ne vient pas de la fiche : {s}"
    joined = " ".join(sentences)
    if pop is None:
        assert "population n'est pas disponible" in joined and "0 habitants" not in joined
    if evo is None:
        assert "n'est pas disponible" in joined


@settings(max_examples=200, deadline=None)
@given(evo=st.floats(min_value=-80, max_value=80, allow_nan=False), evo_fr=maybe, niveau=niveaux)
def test_evolution_reads_increase_decrease_or_stable(evo, evo_fr, niveau):
    f = fiche([chiffre("evolution_emploi_industriel_5ans_pct", evo, france=evo_fr, niveau=niveau)])
    s = texte.evolution(f)
    assert s.startswith("Entre 2019 et 2024, l'emploi salarié industriel de CA Test ")
    if abs(evo) < texte.STABLE:
        assert "est resté stable" in s
    elif evo > 0:
        assert f"a augmenté de {fmt.valeur(abs(evo), '%')}" in s
    else:
        assert f"a baissé de {fmt.valeur(abs(evo), '%')}" in s
    assert ("(estimation)" in s) == (niveau == "estimation")
    if evo_fr is None:
        assert "l'évolution nationale sur la même période n'est pas disponible" in s
    elif abs(evo_fr) < texte.STABLE:
        assert "contre une stabilité en France" in s
    else:
        assert f"contre une {'hausse' if evo_fr > 0 else 'baisse'} de {fmt.valeur(abs(evo_fr), '%')} en France" in s


def test_missing_figures_are_said_not_zero():
    f = fiche([
        chiffre("population", None), chiffre("emploi_industriel", None, note="Pas de donnée pour ce territoire."),
        chiffre("evolution_emploi_industriel_5ans_pct", None, note="Pas de donnée 2019 dans la même source."),
        chiffre("taux_chomage", None),
    ])
    joined = " ".join(texte.resume(f))
    assert "population n'est pas disponible" in joined
    assert "L'emploi salarié industriel de CA Test n'est pas disponible (Pas de donnée pour ce territoire)." in joined
    assert "n'est pas disponible (Pas de donnée 2019 dans la même source)" in joined
    assert "Le taux de chômage localisé n'est pas disponible" in joined
    assert not re.search(r"\b0(,0)? ?%", joined) and "0 habitants" not in joined


def test_absent_figures_are_left_out():
    sentences = texte.resume(fiche([chiffre("population", 1234.0)]))
    assert sentences[0] == "CA Test (EPCI 200000001) compte 1\u202f234 habitants en 2024 (12 communes)."
    assert not any("chômage" in s or "industriel" in s for s in sentences)


def test_france_is_not_compared_with_itself():
    f = fiche([chiffre("evolution_emploi_industriel_5ans_pct", 2.9, france=2.9), chiffre("taux_chomage", 7.5, region=None, france=7.5)],
              type_="france")
    joined = " ".join(texte.resume(f))
    assert "Entre 2019 et 2024, l'emploi salarié industriel en France a augmenté de 2,9 %." in joined
    assert "contre" not in joined


def _ti(phase: int, nom: str, entier: bool = True) -> TerritoireIndustrie:
    return TerritoireIndustrie(phase=phase, territoire_id=f"ti-32{phase}0", nom=nom, nb_communes=3, entier=entier)


def test_labels_of_both_phases():
    assert texte.labels(fiche([])) == "Aucune commune du territoire n'appartient à un Territoire d'industrie (phases 1 et 2)."
    both = texte.labels(fiche([], ti=[_ti(1, "Artois"), _ti(2, "Artois-Lys", entier=False)]))
    assert both == "Territoires d'industrie : « Artois » en phase 1 (2018-2022) ; « Artois-Lys » (en partie) en phase 2 (2023-2027)."
    only2 = texte.labels(fiche([], ti=[_ti(2, "Flandre")]))
    assert only2.endswith("; aucun en phase 1 (2018-2022).")
