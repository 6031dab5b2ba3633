"""The `vigie` command end to end: exit codes, one-line errors, the warehouse kept on failure."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import run




def vigie(*args, env=None):
    """The installed console script in a subprocess, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "vigie_industrie", *args], capture_output=True, text=True, env=env, timeout=300
    )


def test_territoire_json(warehouse_path, capsys):
    code, out, _ = run(["territoire", "62139", "--json", "--warehouse", str(warehouse_path)], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["nom"] == "Blendecques" and [
        t["nom"] for t in data["territoires_industrie"]["territoires"] if t["phase"] == 2
    ] == ["Pays de Saint-Omer"]


def test_territoire_table_output(warehouse_path, capsys):
    code, out, _ = run(["territoire", "ti-3212", "--phase", "2", "--warehouse", str(warehouse_path)], capsys)
    assert code == 0
    assert "Pays de Saint-Omer" in out and "Source" in out


def test_warehouse_from_environment(warehouse_path, monkeypatch, capsys):
    monkeypatch.setenv("VIGIE_WAREHOUSE", str(warehouse_path))
    code, out, _ = run(["sql", "select count(*) as n from territoire_industrie", "--format", "json"], capsys)
    assert json.loads(out) == [{"n": 332}]


@pytest.mark.parametrize("fmt", ["csv", "json", "table"])
def test_sql_formats(warehouse_path, capsys, fmt):
    code, out, _ = run(
        ["sql", "select code_ze, taux_chomage from chomage_zone_emploi where code_ze = '3215' and trimestre = '2023-T3'",
         "--format", fmt, "-w", str(warehouse_path)],
        capsys,
    )
    assert "3215" in out and "10.6" in out


def test_sql_is_read_only(warehouse_path, capsys):
    code, _, err = run(["sql", "delete from commune", "-w", str(warehouse_path)], capsys)
    assert code == 8 and "lecture seule" in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("query", "exit_code"),
    [("62999", 6), ("Saint-Omer", 7), ("123456789", 2)],
)
def test_territoire_bad_input_one_line(warehouse_path, capsys, query, exit_code):
    code, _, err = run(["territoire", query, "-w", str(warehouse_path)], capsys)
    assert code == exit_code and err.startswith("Erreur : ") and err.count("\n") == 1
    assert "Traceback" not in err


def test_missing_warehouse(tmp_path, capsys):
    code, _, err = run(["territoire", "62139", "-w", str(tmp_path / "absent.duckdb")], capsys)
    assert code == 5 and "vigie build" in err


def _shadow_mirror(mirror: Path, target: Path) -> Path:
    """A copy of the mirror made of symlinks, so one file can be replaced cheaply."""
    for path in mirror.rglob("*"):
        if path.is_file():
            dest = target / path.relative_to(mirror)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.symlink_to(path)
    return target


def _replace(mirror_copy: Path, relative: str, data: bytes) -> None:
    dest = mirror_copy / relative
    dest.unlink()
    dest.write_bytes(data)


def _missing_column(src: bytes) -> bytes:
    text = src.decode("utf-8")
    return text.replace("NB_COM", "NB_COMMUNES", 1).encode("utf-8")


def _truncated(src: bytes) -> bytes:
    return src[: len(src) // 2]


def _non_numeric(src: bytes) -> bytes:
    lines = src.decode("utf-8").splitlines(keepends=True)
    cells = lines[5].split(",")
    cells[-1] = "abc\n"
    lines[5] = ",".join(cells)
    return "".join(lines).encode("utf-8")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("relative", "corrupt", "fragment"),
    [
        ("insee-zones-emploi-chomage/ze2020_liste_cog2023.csv", _missing_column, "NB_COM"),
        ("insee-populations-legales-communes/populations_legales_communes_2016_2023_long.csv.gz", _truncated, "populations_legales"),
        ("insee-zones-emploi-chomage/chomage_ze2020_trimestriel_2003T1-2023T3.csv", _non_numeric, "abc"),
    ],
    ids=["missing-column", "truncated-gzip", "non-numeric-cell"],
)
def test_bad_source_file_keeps_previous_warehouse(tmp_path, mirror, warehouse_path, relative, corrupt, fragment):
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse_path, warehouse)
    before = warehouse.read_bytes()
    bad = _shadow_mirror(mirror, tmp_path / "mirror")
    _replace(bad, relative, corrupt((mirror / relative).read_bytes()))
    result = vigie("build", "--mirror", str(bad), "--warehouse", str(warehouse))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    message = result.stderr.strip().splitlines()
    assert len(message) == 1 and message[0].startswith("Erreur : ") and fragment in message[0], result.stderr
    assert warehouse.read_bytes() == before
    assert not list(tmp_path.glob("*.building*"))
    query = vigie("sql", "select count(*) from territoire_industrie", "--format", "csv", "-w", str(warehouse))
    assert query.returncode == 0 and query.stdout.strip().splitlines()[-1] == "332"

