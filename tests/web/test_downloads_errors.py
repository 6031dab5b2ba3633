"""CSV and PDF downloads; French HTML error pages (404 with suggestions, 409 with candidates, 422)."""

from __future__ import annotations

import csv
import importlib
import io
import re

from tests.web.conftest import parse


def test_csv_is_flat_and_equals_the_api(client, fiches, sample):
    r = client.get(f"/territoire/{sample['epci']}.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    expected = [(b["id"], c["id"], c["dimension"] or "", c["valeur"]) for b in fiches["epci"]["blocs"] for c in b["chiffres"]]
    assert [(r["bloc"], r["indicateur"], r["dimension"], float(r["valeur"]) if r["valeur"] else None) for r in rows] == expected
    assert all(r["niveau"] in ("exact", "union de zones", "estimation", "calcul réutilisateur", "") for r in rows)


def test_csv_neutralises_formula_cells(client, sample):
    # A negative figure stays a number; a text cell starting with « - » or « = » would be quoted.
    text = client.get(f"/territoire/{sample['epci']}.csv").text
    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell[:1] in ("=", "+", "@"):
                raise AssertionError(cell)
            if cell.startswith("-"):
                float(cell)


def test_pdf_is_the_report_of_the_page(client, sample):
    """The page's PDF is the fiche to hand over (reports.render), its text holding the page's name."""
    from io import BytesIO

    from pypdf import PdfReader

    from vigie_industrie.observatoire import texte

    r = client.get(f"/territoire/{sample['epci']}.pdf")
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    def flat(value: str) -> str:  # PDF text extraction turns thin and no-break spaces into spaces or nothing
        return re.sub(r"[\s\u00a0\u202f]+", "", value)

    text = flat(" ".join(page.extract_text() for page in PdfReader(BytesIO(r.content)).pages))
    fiche = client.get(f"/territoire/{sample['epci']}.json").json()
    assert flat(fiche["nom"]) in text
    # every key figure of the page is in the PDF, written as the page writes it
    shown = [texte.valeur(c["valeur"], c["unite"], c["niveau"]) for c in fiche["chiffres_cles"] if c["valeur"] is not None]
    assert len(shown) >= 3
    missing = [v for v in shown if flat(v) not in text]
    assert not missing, f"chiffres clés absents du PDF : {missing}"
    for source in fiche["sources"]:  # the numbered sources, with the catalogue's short attribution
        assert flat(source["attribution"])[:40] in text


def test_unknown_territory_page_suggests_closest_names(client):
    r = client.get("/territoire/Bethune Bruai")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    tree = parse(r.text)
    assert tree.css_first("h1").text() == "Territoire inconnu"
    links = {a.attributes["href"] for a in tree.css(".vigie-suggestions a")}
    assert "/territoire/ti-3204?phase=1" in links and "/territoire/62119" in links


def test_ambiguous_territory_page_lists_candidates(client):
    r = client.get("/territoire/32")  # the Gers and the Hauts-de-France
    assert r.status_code == 409
    tree = parse(r.text)
    assert tree.css_first("h1").text() == "Territoire ambigu"
    links = {a.attributes["href"] for a in tree.css(".vigie-candidats a")}
    assert links == {"/territoire/dep-32", "/territoire/reg-32"}
    for href in links:
        assert client.get(href).status_code == 200


def test_invalid_phase_is_a_french_422_page(client):
    r = client.get("/territoire/ti-3212?phase=3")
    assert r.status_code == 422 and r.headers["content-type"].startswith("text/html")
    assert "Requête invalide" in r.text and "inférieur ou égal à 2" in r.text


def test_unknown_address_is_a_french_404_page(client):
    r = client.get("/nulle-part")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert '<html lang="fr"' in r.text


def test_private_perimeter_of_someone_else_is_not_shown(client, web_app, warehouse_path):
    from vigie_industrie.observatoire import membres
    from vigie_industrie.programme import perimetres
    from vigie_industrie.programme.authz import Actor
    from vigie_industrie.warehouse import connection

    con = connection.connect(warehouse_path)
    try:
        with web_app.state.store.transaction() as session:
            row = perimetres.create(
                session=session, actor=Actor.system("test"),
                data=perimetres.PerimetreCreate(nom="Privé", membres=["62139"]),
                check_members=lambda codes: membres.check_members(con, codes))
            code = perimetres.code_of(row.id)
    finally:
        con.close()
    assert client.get(f"/territoire/{code}").status_code == 404
    assert client.get(f"/api/v1/territoires/{code}").status_code == 404
