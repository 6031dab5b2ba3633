"""Corrupt sources stop the build with the file, the line and the column; never a bogus row.

Each test copies the mirror (symlinks), corrupts one file the way issue 12 found, and
builds: the build must fail with a ``SourceFileInvalid`` naming what is wrong, and the
previous warehouse must stay byte-identical.
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from vigie_industrie import errors
from vigie_industrie.sources import catalogue
from vigie_industrie.warehouse import build, connection, raw

TI2 = "anct-territoires-industrie/ti_phase2_2023-2027_groupements.csv"
TI1 = "anct-territoires-industrie/ti_phase1_2018-2022_groupements.csv"
BODACC = "bodacc-liquidations-plansde/liquidations_entreprises_20salaries_plus_2020-11_2021-10.csv"


def _shadow(mirror: Path, target: Path) -> Path:
    for path in mirror.rglob("*"):
        if path.is_file():
            dest = target / path.relative_to(mirror)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.symlink_to(path)
    return target


def _rewrite(copy: Path, relative: str, edit) -> None:
    dest = copy / relative
    lines = dest.read_text(encoding="utf-8").splitlines(keepends=True)
    dest.unlink()
    dest.write_text("".join(edit(lines)), encoding="utf-8")


def _header_repeated_at(line_no: int):
    def edit(lines):
        return lines[: line_no - 1] + [lines[0]] + lines[line_no - 1:]
    return edit


def _cell_at(line_no: int, column: str, value: str):
    def edit(lines):
        header = next(csv.reader([lines[0]]))
        cells = next(csv.reader([lines[line_no - 1]]))
        cells[header.index(column)] = value
        out = list(lines)
        out[line_no - 1] = ",".join(f'"{c}"' if "," in c else c for c in cells) + "\n"
        return out
    return edit


@pytest.fixture()
def previous(tmp_path, warehouse_path) -> Path:
    target = tmp_path / "wh" / "warehouse.duckdb"
    target.parent.mkdir()
    shutil.copy(warehouse_path, target)
    return target


@pytest.mark.parametrize(
    ("relative", "edit", "fragments"),
    [
        (TI2, _header_repeated_at(101), ["ti_phase2_2023-2027_groupements.csv", "ligne 101", "en-tête", "répété"]),
        (TI1, _header_repeated_at(2), ["ti_phase1_2018-2022_groupements.csv", "ligne 2", "répété"]),
        (BODACC, _cell_at(7, "EFFECTIFS", "cinquante et un"), ["liquidations_entreprises", "ligne 7", "colonne EFFECTIFS", "cinquante et un"]),
        (BODACC, _cell_at(12, "DATE", "2021-02-30"), ["ligne 12", "colonne DATE", "2021-02-30", "date"]),
        (TI2, _cell_at(40, "id_ti", "ti-84O1"), ["ligne 40", "colonne id_ti", "ti-84O1"]),
    ],
    ids=["ti2-header-repeated", "ti1-header-repeated", "bodacc-headcount-in-words", "bodacc-impossible-date", "ti2-bad-id"],
)
def test_corrupt_row_stops_the_build(tmp_path, mirror, previous, relative, edit, fragments):
    bad = _shadow(mirror, tmp_path / "mirror")
    _rewrite(bad, relative, edit)
    before = previous.read_bytes()
    with pytest.raises(errors.SourceFileInvalid) as caught:
        build.build(warehouse=previous, base_dir=bad)
    message = str(caught.value)
    for fragment in fragments:
        assert fragment in message, message
    assert "\n" not in message
    assert previous.read_bytes() == before


def test_cli_exit_code_and_one_line(tmp_path, mirror, previous):
    bad = _shadow(mirror, tmp_path / "mirror")
    _rewrite(bad, BODACC, _cell_at(3, "EFFECTIFS", "cinquante et un"))
    result = subprocess.run(
        [sys.executable, "-m", "vigie_industrie", "build", "--mirror", str(bad), "--warehouse", str(previous)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "ligne 3, colonne EFFECTIFS" in lines[0], result.stderr


def test_mirror_bands_and_ids_are_clean(con, mirror):
    """The warehouse holds no bogus band and no id that is not a territory id (recounted from the raw files)."""
    with open(mirror / BODACC, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert con.execute("select count(*) from bodacc_jugement").fetchone()[0] == len(rows)
    assert con.execute(
        "select count(*) from bodacc_jugement where tranche_effectifs is not null and effectif_min is null"
    ).fetchone()[0] == 0
    with open(mirror / TI2, encoding="utf-8") as fh:
        ids = {r["id_ti"] for r in csv.DictReader(fh)}
    assert len(ids) == 183
    assert con.execute("select count(*) from territoire_industrie where phase = 2").fetchone()[0] == 183


def _source_with(tmp_path: Path, text: str, **formats) -> tuple[catalogue.Source, catalogue.SourceFile, Path]:
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    sfile = catalogue.SourceFile(
        key="f", filename="f.csv", url="", format="csv", columns=("code", "nom"), table="f",
        column_formats=tuple(formats.items()),
    )
    source = catalogue.Source(
        id="test-source", title="t", publisher="p", licence="l", licence_url="u", attribution="a",
        homepage="h", vintage="v", origin="o", files=(sfile,),
    )
    return source, sfile, path


def test_every_csv_source_is_checked_for_repeated_headers(tmp_path):
    source, sfile, path = _source_with(tmp_path, "code,nom\n01,Ain\n02,Aisne\n Code , NOM \n03,Allier\n")
    con = connection.new_connection()
    con.execute("create schema raw")
    with pytest.raises(errors.SourceFileInvalid, match=r"ligne 4 : l'en-tête"):
        raw.load_file(con, source, sfile, path)


def test_formats_accept_blanks_and_good_values(tmp_path):
    source, sfile, path = _source_with(tmp_path, "code,nom\n01,Ain\n,Inconnu\n 02 ,Aisne\n", code="regex:[0-9]{2}")
    con = connection.new_connection()
    con.execute("create schema raw")
    assert raw.load_file(con, source, sfile, path) == 3


def test_format_failure_counts_the_bad_rows(tmp_path):
    source, sfile, path = _source_with(tmp_path, "code,nom\n01,Ain\nxx,Aisne\nyy,Allier\n", code="integer")
    con = connection.new_connection()
    con.execute("create schema raw")
    with pytest.raises(errors.SourceFileInvalid, match=r"ligne 3, colonne code : « xx » n'est pas de type integer \(2 ligne"):
        raw.load_file(con, source, sfile, path)
