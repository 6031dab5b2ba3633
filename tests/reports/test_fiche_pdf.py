"""Acceptance (issue 13): `vigie fiche 200023414 --format pdf` is a valid 2-4 page A4 PDF whose
text holds the territory's figures as the warehouse holds them, and two of them recomputed
from the raw files of the mirror."""

from __future__ import annotations

import csv
import gzip

import pypdf
import pytest

from reports.helpers import ROUEN, norm
from vigie_industrie.fiches import indicateurs
from vigie_industrie.observatoire import texte as fmt

A4 = (595.28, 841.89)


@pytest.mark.parametrize("query", [ROUEN, "circo-62-08", "fr"])
def test_pdf_is_valid_a4_with_2_to_4_pages(rendered, query):
    path = rendered[(query, "pdf")]
    assert path.read_bytes()[:5] == b"%PDF-"
    reader = pypdf.PdfReader(path, strict=True)
    assert 2 <= len(reader.pages) <= 4
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4, abs=1)
    assert "Page 1 / " in norm(reader.pages[0].extract_text())


def _warehouse_figures(con, code: str) -> list[tuple[str, float, str | None, str | None, str]]:
    """The key figures of the territory read straight from the indicator marts: the latest period of
    each, with the same figure for its région (territoire_region) and for France."""
    rows = con.execute(
        """
        select v.indicateur, v.valeur, v.unite, v.niveau, v.periode, r.valeur, f.valeur
        from indicateur_valeur v
        join territoire_region tr on tr.type = v.type and tr.code = v.code
        left join indicateur_valeur r
            on r.type = 'region' and r.code = tr.code_region and r.indicateur = v.indicateur
            and r.dimension is null and r.periode = v.periode
        left join indicateur_valeur f
            on f.type = 'france' and f.indicateur = v.indicateur and f.dimension is null and f.periode = v.periode
        where v.type = 'epci' and v.code = ? and v.dimension is null and list_contains(?, v.indicateur)
        qualify row_number() over (partition by v.indicateur order by v.annee desc, v.periode desc) = 1
        """,
        [code, list(indicateurs.CHIFFRES_CLES)],
    ).fetchall()
    assert {r[0] for r in rows} == set(indicateurs.CHIFFRES_CLES)
    return rows


def test_pdf_text_holds_the_warehouse_key_figures(con, pdf_text):
    text = pdf_text[ROUEN]
    for indicateur, valeur, unite, niveau, periode, region, france in _warehouse_figures(con, ROUEN):
        expected = norm(fmt.valeur(valeur, unite, niveau))
        assert expected in text, f"{indicateur} = {expected} absent du PDF"
        assert periode in text
        for other in (region, france):
            if other is not None:
                assert norm(fmt.valeur(other, unite)) in text, f"{indicateur} (comparaison) = {other} absent du PDF"


def test_pdf_summary_sentence_uses_the_warehouse_change(con, pdf_text):
    valeur, periode = con.execute(
        "select valeur, periode from indicateur_valeur where type = 'epci' and code = ? and dimension is null "
        "and indicateur = 'evolution_emploi_industriel_5ans_pct' order by annee desc limit 1",
        [ROUEN],
    ).fetchone()
    debut, fin = periode.split("-")
    verbe = "a baissé" if valeur < 0 else "a augmenté"
    sentence = f"Entre {debut} et {fin}, l'emploi salarié industriel de Métropole Rouen Normandie {verbe} de {norm(fmt.valeur(abs(valeur), '%'))}"
    assert sentence in pdf_text[ROUEN]


def test_pdf_figures_recomputed_from_the_raw_files(mirror, pdf_text):
    """Population 2023 (etalab communes, COG 2026) and industrial jobs 2022 (URSSAF commune × APE,
    NAF divisions 05 to 39 = sections B to E) of the EPCI's communes, summed here from the files."""
    with open(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv", encoding="utf-8-sig") as h:
        population = sum(int(r["population"] or 0) for r in csv.DictReader(h) if r["siren_epci"] == ROUEN)
    path = next((mirror / "urssaf-commune-ape-ze-rouen").glob("*.csv.gz"))
    with gzip.open(path, "rt", encoding="utf-8-sig") as h:
        industrie = sum(
            float(r["Effectifs salariés 2022"] or 0)
            for r in csv.DictReader(h, delimiter=";")
            if r["Code EPCI"] == ROUEN and 5 <= int(r["Code APE"][:2]) <= 39
        )
    text = pdf_text[ROUEN]
    assert f"{norm(fmt.valeur(population, 'habitants'))} habitants en 2023" in text
    assert f"l'industrie y emploie {norm(fmt.valeur(industrie, 'emplois'))} salariés" in text


def test_pdf_of_a_constituency_names_its_deputy(con, pdf_text):
    (depute,) = con.execute(
        "select any_value(nom_affiche) from depute where circonscription_id = 'circo-62-08'"
    ).fetchone()
    assert depute and depute in pdf_text["circo-62-08"]


def test_pdf_of_france_compares_with_nothing(pdf_text):
    text = pdf_text["fr"]
    assert "La France compte" in text
    assert "en France ; " not in text and "contre une" not in text
