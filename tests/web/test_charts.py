"""Every chart has its data table, with the same numbers; comparison lines match their own fiches."""

from __future__ import annotations

import json

import pytest

from tests.web.conftest import number, parse
from tests.web.test_territoire import KINDS


def _chart_and_table(figure):
    chart = figure.css_first("line-chart, bar-chart")
    table = figure.css_first("table")
    return chart, table


@pytest.mark.parametrize("kind", KINDS)
def test_every_chart_has_a_table_with_its_numbers(kind, pages):
    tree = parse(pages[kind])
    figures = tree.css("figure.vigie-graphique")
    assert figures, "no chart"
    for fig in figures:
        chart, table = _chart_and_table(fig)
        assert chart is not None and table is not None, fig.attributes["id"]
        ys = json.loads(chart.attributes["y"])
        xs = json.loads(chart.attributes["x"])
        names = json.loads(chart.attributes["name"])
        assert [th.text(strip=True) for th in table.css("thead th")][1:] == [n.strip() for n in names]
        rows = table.css("tbody tr")
        assert [r.css_first("th").text(strip=True) for r in rows] == xs[0]
        columns = list(zip(*[[number(d.attributes["value"]) for d in r.css("data")] for r in rows]))
        assert [list(c) for c in columns] == ys
        assert chart.parent.attributes.get("aria-hidden") == "true"  # the table is the text alternative


def test_employment_chart_is_the_fiche_series(pages, fiches):
    tree = parse(pages["epci"])
    serie = next(s for b in fiches["epci"]["blocs"] for s in b["series"] if s["id"] == "emploi_industriel")
    chart = tree.css_first("#graphique-emploi-industriel line-chart")
    assert json.loads(chart.attributes["x"])[0] == [p["periode"] for p in serie["points"]]
    assert json.loads(chart.attributes["y"])[0] == [p["valeur"] for p in serie["points"]]


def _column(tree, chart_id: str, name: str) -> dict[str, float | None]:
    table = tree.css_first(f"#tableau-{chart_id} table")
    heads = [th.text(strip=True) for th in table.css("thead th")]
    i = heads.index(name) - 1
    return {r.css_first("th").text(strip=True): number(r.css("data")[i].attributes["value"]) for r in table.css("tbody tr")}


def test_unemployment_lines_of_region_and_france_are_their_own_fiches(client, pages):
    tree = parse(pages["epci"])
    for name, code in (("France", "fr"), ("Région Hauts-de-France", "reg-32")):
        shown = _column(tree, "chomage", name)
        fiche = client.get(f"/api/v1/territoires/{code}").json()
        serie = next(s for b in fiche["blocs"] for s in b["series"] if s["id"] == "taux_chomage")
        own = {p["periode"]: p["valeur"] for p in serie["points"]}
        assert {k: v for k, v in shown.items() if v is not None} == {k: v for k, v in own.items() if k in shown and v is not None}
        assert len(own) > 80


def test_industry_share_lines_end_at_each_territory_headline(client, pages, fiches):
    tree = parse(pages["epci"])
    pairs = next(b for b in fiches["epci"]["blocs"] if b["id"] == "pairs")["tableaux"][0]["lignes"]
    for ligne in pairs:
        if not ligne["code"] or ligne["code"] == "fr":
            continue
        shown = _column(tree, "part-industrie", ligne["nom"])
        assert shown["2024"] == pytest.approx(ligne["part_industrie"], abs=0) if ligne["part_industrie"] is not None else True
    france = _column(tree, "part-industrie", "France")
    fr = next(c for c in client.get("/api/v1/territoires/fr").json()["chiffres_cles"] if c["id"] == "part_industrie")
    assert france[fr["periode"]] == fr["valeur"]


def test_sector_chart_is_the_fiche_table(pages, fiches):
    tree = parse(pages["epci"])
    table = next(t for b in fiches["epci"]["blocs"] for t in b["tableaux"] if t["id"] == "secteurs")
    chart = tree.css_first("#graphique-repartition-secteurs bar-chart")
    assert chart.attributes["horizontal"] == "true"
    assert json.loads(chart.attributes["y"])[0] == [r["emploi_salarie_secteur"] for r in table["lignes"]
                                                    if r["emploi_salarie_secteur"] is not None][:10]
