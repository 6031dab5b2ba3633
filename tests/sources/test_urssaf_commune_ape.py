"""URSSAF commune × APE loader: figures on the Rouen extract, schema, errors, totals preserved."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigie_industrie import errors
from vigie_industrie.sources import urssaf_commune_ape as urssaf

from ._helpers import rouen_path

EXPECTED_SCHEMA = [
    ("code_commune", "VARCHAR"),
    ("code_ape", "VARCHAR"),
    ("annee", "INTEGER"),
    ("nombre_etablissements", "BIGINT"),
    ("effectifs_salaries", "DOUBLE"),
    ("grand_secteur", "VARCHAR"),
    ("code_epci", "VARCHAR"),
    ("code_zone_emploi", "VARCHAR"),
    ("code_departement", "VARCHAR"),
    ("code_region", "VARCHAR"),
]
ID_HEADER = [
    "Région", "Ancienne région", "Département", "Zone d'emploi", "EPCI", "Nom commune", "Commune",
    "Grand secteur d'activité", "Secteur NA17", "Secteur NA38", "Secteur NA88", "APE", "Code région",
    "Code ancienne région", "Code département", "Code zone d'emploi", "Code EPCI", "Code commune", "Code APE",
]  # fmt: skip


@pytest.fixture(scope="module")
def rouen(mirror):
    con = duckdb.connect()
    n = urssaf.load(con, rouen_path(mirror))
    yield con, n
    con.close()


def _raw_totals(path: Path) -> dict[tuple[str, int], float]:
    """Independent recomputation with the csv module: (grand secteur, year) → headcount."""
    totals: dict[tuple[str, int], float] = defaultdict(float)
    with gzip.open(path, "rt", encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            for year in range(2006, 2023):
                value = row[f"Effectifs salariés {year}"]
                if value:
                    totals[(row["Grand secteur d'activité"], year)] += float(value)
    return totals


def test_schema(rouen):
    con, _ = rouen
    assert [(r[0], r[1]) for r in con.execute("describe raw.urssaf_commune_ape").fetchall()] == EXPECTED_SCHEMA


def test_rouen_figures_match_source_md_and_raw_file(rouen, mirror):
    con, _ = rouen

    def total(year, secteur=None):
        sql = "select sum(effectifs_salaries) from raw.urssaf_commune_ape where annee = ?"
        params = [year]
        if secteur:
            sql += " and grand_secteur = ?"
            params.append(secteur)
        return con.execute(sql, params).fetchone()[0]

    assert total(2006, "GS1 Industrie") == 34523
    assert total(2012, "GS1 Industrie") == 30371
    assert total(2022, "GS1 Industrie") == 26532
    assert total(2006) == 180759
    assert total(2022) == 183731

    raw = _raw_totals(rouen_path(mirror))
    loaded = {
        (gs, year): value
        for gs, year, value in con.execute(
            "select grand_secteur, annee, sum(effectifs_salaries) from raw.urssaf_commune_ape group by all"
        ).fetchall()
        if value is not None
    }
    assert loaded == pytest.approx({k: v for k, v in raw.items()})


def test_rouen_grain_and_codes(rouen):
    con, n = rouen
    assert n == con.execute("select count(*) from raw.urssaf_commune_ape").fetchone()[0]
    dupes = con.execute(
        "select count(*) from (select code_commune, code_ape, annee from raw.urssaf_commune_ape "
        "group by all having count(*) > 1)"
    ).fetchone()[0]
    assert dupes == 0
    assert con.execute(
        "select count(*) from raw.urssaf_commune_ape where nombre_etablissements is null and effectifs_salaries is null"
    ).fetchone()[0] == 0
    assert con.execute("select min(annee), max(annee), count(distinct code_commune) from raw.urssaf_commune_ape").fetchone() == (2006, 2022, 218)
    assert con.execute("select distinct code_zone_emploi from raw.urssaf_commune_ape").fetchall() == [("2815",)]
    assert con.execute("select count(*) from raw.urssaf_commune_ape where length(code_commune) <> 5").fetchone()[0] == 0


def _write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _row(commune="2A004", ape="2223Z", gs="GS1 Industrie", values=()):
    ids = {"Code commune": commune, "Code APE": ape, "Grand secteur d'activité": gs, "Code EPCI": "200000000",
           "Code zone d'emploi": "9401", "Code département": "2A", "Code région": "94"}  # fmt: skip
    return [ids.get(h, "x") for h in ID_HEADER] + list(values)


def test_national_schema_any_years_and_corsica(tmp_path):
    years = [2023, 2024]
    header = ID_HEADER + [c for y in years for c in (f"Nombre d'établissements {y}", f"Effectifs salariés {y}")]
    path = _write(tmp_path / "nat.csv", header, [_row(values=["3", "12.5", "", ""]), _row(commune="1001", values=["", "", "1", "4"])])
    con = duckdb.connect()
    assert urssaf.load(con, path, table="raw.t") == 2
    rows = con.execute("select code_commune, annee, nombre_etablissements, effectifs_salaries from raw.t order by 1").fetchall()
    assert rows == [("01001", 2024, 1, 4.0), ("2A004", 2023, 3, 12.5)]


def test_technical_field_names_are_accepted(tmp_path):
    header = ["code_commune", "code_ape", "grand_secteur_d_activite", "code_epci", "code_zone_d_emploi",
              "code_departement", "code_region", "nombre_d_etablissements_2024", "effectifs_salaries_2024"]  # fmt: skip
    path = _write(tmp_path / "api.csv", header, [["59183", "2910Z", "GS1 Industrie", "245900428", "3211", "59", "32", "2", "300"]])
    con = duckdb.connect()
    assert urssaf.load(con, path, table="t") == 1
    assert con.execute("select annee, effectifs_salaries from t").fetchone() == (2024, 300.0)


def test_non_numeric_cell_names_file_column_line_and_value(tmp_path):
    header = ID_HEADER + ["Nombre d'établissements 2022", "Effectifs salariés 2022"]
    path = _write(tmp_path / "bad.csv", header, [_row(values=["1", "5"]), _row(ape="2511Z", values=["2", "n.d."])])
    with pytest.raises(errors.SourceFileInvalid) as info:
        urssaf.load(duckdb.connect(), path)
    text = str(info.value)
    assert "\n" not in text
    assert "bad.csv" in text and "ligne 3" in text and "« Effectifs salariés 2022 »" in text and "« n.d. »" in text
    assert "vigie data pull" in text


def test_fractional_establishment_count_is_rejected(tmp_path):
    header = ID_HEADER + ["Nombre d'établissements 2022", "Effectifs salariés 2022"]
    path = _write(tmp_path / "frac.csv", header, [_row(values=["1.5", "5"])])
    with pytest.raises(errors.SourceFileInvalid, match="un entier"):
        urssaf.load(duckdb.connect(), path)


def test_a_commune_and_ape_given_twice_is_refused_naming_them(tmp_path):
    # "1001" is 01001 once padded: the same key as the first line
    header = ID_HEADER + ["Nombre d'établissements 2022", "Effectifs salariés 2022"]
    path = _write(tmp_path / "twice.csv", header, [_row(commune="01001", values=["1", "5"]), _row(ape="2511Z", values=["2", "7"]),
                                                   _row(commune="1001", values=["3", "9"])])
    with pytest.raises(errors.SourceFileInvalid) as info:
        urssaf.load(duckdb.connect(), path)
    text = str(info.value)
    assert "twice.csv" in text and "01001" in text and "2223Z" in text and "1 couple(s)" in text and "\n" not in text


def test_a_line_without_commune_code_is_refused(tmp_path):
    header = ID_HEADER + ["Nombre d'établissements 2022", "Effectifs salariés 2022"]
    path = _write(tmp_path / "nocode.csv", header, [_row(values=["1", "5"]), _row(commune="", ape="2511Z", values=["2", "7"])])
    with pytest.raises(errors.SourceFileInvalid, match="1 ligne\\(s\\) sans code commune"):
        urssaf.load(duckdb.connect(), path)


def test_the_long_rows_are_a_view_of_the_file_as_read(tmp_path):
    header = ID_HEADER + ["Nombre d'établissements 2022", "Effectifs salariés 2022"]
    path = _write(tmp_path / "one.csv", header, [_row(values=["1", "5"]), _row(ape="2511Z", values=["", ""])])
    con = duckdb.connect()
    assert urssaf.load(con, path, table="raw.t") == 1
    kinds = dict(con.execute("select table_name, table_type from information_schema.tables where table_schema = 'raw'").fetchall())
    assert kinds == {"t": "VIEW", "t_fichier": "BASE TABLE"}
    assert con.execute("select count(*) from raw.t_fichier").fetchone()[0] == 2  # every line, the empty one too
    # loading again replaces both, and so does loading over a long table of an earlier load
    assert urssaf.load(con, path, table="raw.t") == 1
    con.execute("drop view raw.t")
    con.execute("create table raw.t as select 1 as x")
    assert urssaf.load(con, path, table="raw.t") == 1
    assert con.execute("select table_type from information_schema.tables where table_name = 't'").fetchone() == ("VIEW",)


def test_missing_id_column_and_missing_file(tmp_path):
    path = _write(tmp_path / "noid.csv", ["Code APE", "Effectifs salariés 2022"], [["2223Z", "1"]])
    with pytest.raises(errors.SourceFileInvalid, match="code_commune"):
        urssaf.load(duckdb.connect(), path)
    with pytest.raises(errors.SourceFileMissing):
        urssaf.load(duckdb.connect(), tmp_path / "absent.csv")


measure = st.one_of(st.none(), st.integers(min_value=0, max_value=10_000))


@settings(max_examples=40, deadline=None)
@given(
    years=st.lists(st.integers(min_value=2006, max_value=2024), min_size=1, max_size=4, unique=True),
    data=st.data(),
)
def test_unpivot_preserves_totals(tmp_path_factory, years, data):
    n_rows = data.draw(st.integers(min_value=1, max_value=12))
    header = ID_HEADER + [c for y in years for c in (f"Nombre d'établissements {y}", f"Effectifs salariés {y}")]
    rows, expected_eff, expected_etab, expected_rows = [], defaultdict(float), defaultdict(int), 0
    for i in range(n_rows):
        values = []
        for y in years:
            etab, eff = data.draw(measure), data.draw(measure)
            values += ["" if etab is None else str(etab), "" if eff is None else str(eff)]
            expected_etab[y] += etab or 0
            expected_eff[y] += eff or 0
            expected_rows += etab is not None or eff is not None
        rows.append(_row(commune=f"{10000 + i:05d}", values=values))
    path = _write(tmp_path_factory.mktemp("h") / "wide.csv", header, rows)
    con = duckdb.connect()
    assert urssaf.load(con, path, table="t") == expected_rows
    got = {y: (e or 0, f or 0) for y, e, f in con.execute(
        "select annee, sum(nombre_etablissements), sum(effectifs_salaries) from t group by 1").fetchall()}
    for y in years:
        assert got.get(y, (0, 0)) == (expected_etab[y], expected_eff[y])
