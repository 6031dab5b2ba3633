"""CSV/XLSX import: dry-run report, all or nothing, round trip, crash safety."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from sqlalchemy import func, select

from vigie_industrie import errors
from vigie_industrie.programme import importer, models
from vigie_industrie.programme.authz import Actor

GOOD = {"territoire_id": "ti-3212", "phase": "2", "siren_epci": "200072460", "titre": "Projet test", "enjeu": "innover"}


def count(store, model) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_dry_run_reports_every_rejected_row(store, system_actor):
    rows = [GOOD, {**GOOD, "siren_epci": "123"}, {**GOOD, "enjeu": "voler", "phase": "x"}, GOOD, {**GOOD, "colonne": "?"}]
    report = importer.import_rows(store=store, resource="projets", rows=rows, actor=system_actor, dry_run=True)
    assert [r["ligne"] for r in report["rejetees"]] == [3, 4, 6]
    assert "SIREN" in report["rejetees"][0]["erreurs"][0]
    assert "enjeu" in report["rejetees"][1]["erreurs"][0] and "phase" in report["rejetees"][1]["erreurs"][0]
    assert "colonne « colonne » inconnue" in report["rejetees"][2]["erreurs"][0]
    assert report["acceptees"] == 2 and not report["ecrit"]
    assert count(store, models.Projet) == 0


def test_one_bad_row_means_nothing_written(store, system_actor):
    rows = [GOOD] * 5 + [{**GOOD, "territoire_id": "ti-9999"}]
    with pytest.raises(errors.ImportRejected) as exc:
        importer.import_rows(store=store, resource="projets", rows=rows, actor=system_actor)
    assert exc.value.report["rejetees"][0]["ligne"] == 7
    assert "rien n'a été écrit" in str(exc.value)
    assert count(store, models.Projet) == 0 and count(store, models.AuditEvent) == 0


def test_rights_apply_to_imports(store):
    epci = Actor(email="e@test.invalid", role="epci", code_region="32", siren_epci="200041754")
    with pytest.raises(errors.ImportRejected) as exc:
        importer.import_rows(store=store, resource="projets", rows=[GOOD], actor=epci)
    assert "200072460" in exc.value.report["rejetees"][0]["erreurs"][0]


def test_duplicate_contrats_in_file_rejected(store, system_actor):
    row = {"territoire_id": "ti-3212", "phase": 2, "statut": "signe", "date_signature": "2023-06-01",
           "signataires": '["Préfet de région (test)", "Président de région (test)"]'}
    with pytest.raises(errors.ImportRejected) as exc:
        importer.import_rows(store=store, resource="contrats", rows=[row, row], actor=system_actor)
    assert "doublon de la ligne 2" in exc.value.report["rejetees"][0]["erreurs"][0]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_round_trip(store, system_actor, tmp_path, suffix):
    rows = [{**GOOD, "titre": f"Projet {i}", "points_blocage": json.dumps(
        [{"categorie": "foncier", "responsable": "DDTM (test)", "depuis": "2025-01-0%d" % (i + 1)}])} for i in range(3)]
    importer.import_rows(store=store, resource="projets", rows=rows, actor=system_actor)
    path = tmp_path / f"projets{suffix}"
    assert importer.export_rows(store=store, resource="projets", actor=system_actor, path=path) == 3
    back = importer.read_table(path)
    assert [r["titre"] for r in back] == ["Projet 0", "Projet 1", "Projet 2"]
    report = importer.import_rows(store=store, resource="projets", rows=back, actor=system_actor)
    assert report["ecrit"] and count(store, models.Projet) == 6
    with store.session() as s:
        last = s.scalars(select(models.Projet).order_by(models.Projet.id.desc())).first()
    assert last.points_blocage[0]["depuis"] == "2025-01-03"


def test_semicolon_csv_and_bad_encoding(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("territoire_id;phase;titre\nti-3212;2;Éolien\n", encoding="utf-8")
    assert importer.read_table(path) == [{"territoire_id": "ti-3212", "phase": "2", "titre": "Éolien"}]
    path.write_bytes("titre\nÉolien\n".encode("latin-1"))
    with pytest.raises(errors.ValidationFailed, match="UTF-8"):
        importer.read_table(path)


KILLED_IMPORT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from vigie_industrie.programme import importer
    from vigie_industrie.programme.authz import Actor
    from vigie_industrie.programme.db import Store

    url, marker = sys.argv[1], Path(sys.argv[2])
    rows = [{"territoire_id": "ti-3212", "phase": 2, "siren_epci": "200072460", "titre": f"Ligne {i}",
             "enjeu": "recruter"} for i in range(400)]

    def progress(i):
        if i == 200:  # half-way: tell the test, then hang until killed
            marker.write_text("mi-parcours")
            time.sleep(120)

    importer.import_rows(store=Store(url, migrate=False), resource="projets", rows=rows,
                         actor=Actor.system("test"), progress=progress)
    """
)


def test_killed_import_leaves_store_as_before(store, database_url, system_actor, tmp_path):
    importer.import_rows(store=store, resource="projets", rows=[GOOD], actor=system_actor)
    before = (count(store, models.Projet), count(store, models.AuditEvent))
    marker = tmp_path / "marker"
    proc = subprocess.Popen([sys.executable, "-c", KILLED_IMPORT, database_url, str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert marker.exists(), "l'import n'a pas atteint la mi-parcours"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    store.dispose()
    assert (count(store, models.Projet), count(store, models.AuditEvent)) == before
    # the store is still writable afterwards
    importer.import_rows(store=store, resource="projets", rows=[GOOD], actor=system_actor)
    assert count(store, models.Projet) == before[0] + 1


def test_xlsx_numeric_codes_are_restored(store, system_actor, tmp_path):
    """Spreadsheets store SIREN and region codes as numbers; leading zeros come back."""
    import openpyxl

    path = tmp_path / "copil.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["code_region", "date_copil", "decision", "territoires"])
    wb.active.append([11, "2025-02-03", "Décision test", '["ti-1101"]'])
    wb.save(path)
    rows = importer.read_table(path)
    assert importer.import_rows(store=store, resource="copil", rows=rows, actor=system_actor)["ecrit"]
    with store.session() as s:
        assert s.scalar(select(models.DecisionCopil.code_region)) == "11"


def test_codes_are_checked_in_one_warehouse_query_per_import(store, system_actor, ti_warehouse, monkeypatch):
    """Set-based validation (issue 12 item 9): 200 rows, one warehouse connection, not one per row."""
    from vigie_industrie.warehouse import connection

    opened = []
    real = connection.connect
    monkeypatch.setattr(connection, "connect", lambda *a, **k: opened.append(a) or real(*a, **k))
    rows = [{**GOOD, "titre": f"Projet test {i}"} for i in range(199)] + [{**GOOD, "siren_epci": "246200513"}]
    report = importer.import_rows(store=store, resource="projets", rows=rows, actor=system_actor, dry_run=True,
                                  warehouse=ti_warehouse)
    assert len(opened) == 1
    assert [r["ligne"] for r in report["rejetees"]] == [201] and "246200513" in report["rejetees"][0]["erreurs"][0]
