"""The pages of web-pages over HTTP (no browser): same figures as the API, raw files agree, errors in French.

Figures of the pages are read back from their ``<data value>`` cells and compared with the API's
JSON (one service, two renderings) and with sums recomputed from the mirror's raw files.
"""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from vigie_industrie.sources import catalogue

CODES = "200072460,62,ti-3212:2"


class Cells(HTMLParser):
    """``{(row key, column key): value}`` of the tables whose rows and cells carry data-* keys."""

    def __init__(self, row_attr: str, cell_attr: str | None):
        super().__init__()
        self.row_attr, self.cell_attr = row_attr, cell_attr
        self.row = self.cell = None
        self.values: dict = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "tr" and self.row_attr in a:
            self.row = a[self.row_attr]
        elif tag == "td" and self.cell_attr and self.cell_attr in a:
            self.cell = a[self.cell_attr]
        elif tag == "data" and self.row is not None:
            key = (self.row, self.cell) if self.cell_attr else self.row
            self.values[key] = float(a["value"]) if a.get("value") else None

    def handle_endtag(self, tag):
        if tag == "tr":
            self.row = None


def cells(html: str, row_attr: str, cell_attr: str | None = None) -> dict:
    parser = Cells(row_attr, cell_attr)
    parser.feed(html)
    return parser.values


def page(client, url: str, status: int = 200) -> str:
    r = client.get(url, follow_redirects=False)
    assert r.status_code == status, (url, r.status_code, r.text[:500])
    return r.text


# --- comparer ------------------------------------------------------------------------------------

def test_comparer_shows_the_api_figures(client):
    html = page(client, f"/comparer?codes={CODES}")
    api = client.get("/api/v1/comparaison", params={"codes": "200072460,62,CA du Pays de Saint-Omer"}).json()
    shown = cells(html, "data-indicateur", "data-code")
    keys = {"200072460": "200072460", "62": "dep-62"}
    checked = 0
    for ind in api["indicateurs"]:
        for v in ind["valeurs"]:
            if v["code"] in ("200072460", "62"):
                assert shown[(ind["id"], keys[v["code"]])] == pytest.approx(v["valeur"]), (ind["id"], v["code"])
                checked += 1
        if ind["france"]:
            assert shown[(ind["id"], "fr")] == pytest.approx(ind["france"]["valeur"])
    assert checked >= 40


def test_comparer_population_is_the_sum_of_the_raw_communes(client, raw_population):
    shown = cells(page(client, f"/comparer?codes={CODES}"), "data-indicateur", "data-code")
    assert shown[("population", "200072460")] == raw_population[("epci", "200072460")]
    assert shown[("population", "dep-62")] == raw_population[("departement", "62")]
    assert shown[("population", "reg-32")] == raw_population[("region", "32")]


def test_comparer_charts_each_have_their_table(client):
    html = page(client, f"/comparer?codes={CODES}")
    charts = re.findall(r'<figure[^>]*id="graphique-(comparer-[a-z_0-9]+)"', html)
    assert charts and len(charts) == html.count("<bar-chart")
    for chart in charts:
        assert f'id="tableau-{chart}"' in html


def test_comparer_adds_through_the_resolver_and_removes(client):
    r = client.get("/comparer", params={"codes": "200072460", "ajouter": "Pas-de-Calais"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/comparer?codes=200072460,dep-62"
    html = page(client, "/comparer?codes=200072460,62")  # « 62 » is only a département: read as dep-62
    assert 'href="/comparer?codes=dep-62"' in html and 'href="/comparer?codes=200072460"' in html
    # ambiguous: nothing added, the candidates are offered as links that add them
    html = page(client, "/comparer?codes=200072460&ajouter=ti-3212")
    assert "n'a pas été ajouté" in html and "codes=200072460%2Cti-3212%3A1" in html


def test_comparer_with_fewer_than_two_explains(client):
    assert "ajoutez-en au moins deux" in page(client, "/comparer")
    assert "CA de Béthune-Bruay" in page(client, "/comparer?codes=200072460")


def test_comparer_csv_is_the_api_csv(client):
    mine = client.get("/comparer.csv", params={"codes": "200072460,62"})
    api = client.get("/api/v1/comparaison", params={"codes": "200072460,62", "format": "csv"})
    assert mine.status_code == 200 and mine.headers["content-type"].startswith("text/csv")
    assert mine.text == api.text


def test_comparer_errors_are_french(client):
    assert "Aucun territoire" in page(client, "/comparer?codes=200072460,zzzqqqxx")
    r = client.get("/comparer.csv", params={"codes": "200072460,zzzqqqxx"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert "au plus 20" in page(client, "/comparer?codes=" + ",".join(["62"] * 21), 422)


# --- classements ---------------------------------------------------------------------------------

def test_classement_of_regions_by_population_matches_the_raw_files(client, raw_population):
    html = page(client, "/classements?type=region&indicateur=population")
    shown = cells(html, "data-code")
    # the 18 régions (the collectivités d'outre-mer listed as régions, codes of three digits, are
    # outside France and its rankings)
    expected = {code: v for (kind, code), v in raw_population.items() if kind == "region" and len(code) == 2}
    assert len(expected) == 18
    assert shown == {code: pytest.approx(expected[code]) for code in shown}
    assert len(shown) == len(expected)
    order = re.findall(r'<tr data-code="([^"]+)"', html)
    assert order == sorted(expected, key=lambda c: -expected[c])
    assert 'href="/territoire/reg-11"' in html  # « 11 » alone is also the Aude


def test_classement_page_and_csv_are_the_api(client):
    params = {"type": "ti", "indicateur": "taux_chomage", "region": "32", "phase": "1"}
    api = client.get("/api/v1/classements", params=params).json()
    html = page(client, "/classements?type=ti&indicateur=taux_chomage&region=32&phase=1&annee=")
    shown = cells(html, "data-code")
    assert shown == {r["code"]: pytest.approx(r["valeur"]) for r in api["classement"]}
    assert 'href="/territoire/ti-3204?phase=1"' in html
    mine = client.get("/classements.csv", params=params)
    assert mine.text == client.get("/api/v1/classements", params={**params, "format": "csv"}).text
    assert list(csv.DictReader(io.StringIO(mine.text)))[0]["rang"] == "1"


def test_classement_pages_by_hundred(client):
    html = page(client, "/classements?type=epci&indicateur=population&page=2")
    assert len(cells(html, "data-code")) == 100 and 'aria-current="page"' in html
    assert re.search(r"<td class=\"vigie-num\">101</td>", html)


@pytest.mark.parametrize("query, status, words", [
    ("annee=abc", 422, "annee"), ("indicateur=zzz", 404, "Indicateur"), ("type=canton", 422, "type"),
    ("region=99", 422, "région"), ("type=epci&phase=3", 422, "phase"),
])
def test_classement_bad_filters_are_french_pages(client, query, status, words):
    html = page(client, f"/classements?{query}", status)
    assert '<html lang="fr"' in html and words.lower() in html.lower()


# --- à propos, API, recherche --------------------------------------------------------------------

def test_a_propos_lists_every_catalogue_source(client):
    html = page(client, "/a-propos")
    for s in catalogue.load_catalogue().values():
        assert f'id="source-{s.id}"' in html and escape(s.licence) in html and escape(s.homepage) in html
    # what a source feeds comes from the SQL lineage: the TI perimeters feed the territoire_industrie mart
    section = html.split('id="source-anct-territoires-industrie"')[1].split("</section>")[0]
    assert "<code>territoire_industrie</code>" in section
    assert "Taux de chômage localisé" in html.split('id="source-insee-zones-emploi-chomage"')[1].split("</section>")[0]


def test_api_page_lists_every_endpoint_and_links_the_docs(client):
    html = page(client, "/api")
    assert 'href="/api/v1/docs"' in html
    for path in client.get("/api/v1/openapi.json").json()["paths"]:
        assert f"<code>{path}</code>" in html, path


def test_recherche_redirects_on_one_match_and_lists_otherwise(client):
    r = client.get("/recherche", params={"q": "CA de Béthune-Bruay, Artois-Lys Romane"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/territoire/200072460"
    r = client.get("/recherche", params={"q": "circo-62-08"}, follow_redirects=False)
    assert r.headers["location"] == "/territoire/circo-62-08"
    html = page(client, "/recherche?q=Béthune")
    assert 'href="/territoire/200072460"' in html and 'href="/territoire/62119"' in html
    assert 'href="/territoire/ti-3205?phase=2"' in html
    assert "Aucun territoire ne correspond" in page(client, "/recherche?q=zzqqxxw")
    assert 'name="q"' in page(client, "/recherche")
    assert "au moins une lettre" in page(client, "/recherche?q=--", 422)


def test_every_page_has_the_search_box(client):
    for url in ("/comparer", "/classements", "/a-propos", "/api", "/recherche", "/territoire/62119"):
        html = page(client, url)
        assert 'action="/recherche"' in html and 'aria-controls="recherche-liste"' in html and "js/recherche.js" in html


def test_comparer_says_when_the_maximum_is_reached(client):
    """A 21st territory is refused with a message, never silently dropped (the page kept only 20)."""
    from vigie_industrie.api.routes.indicateurs import MAX_CODES

    codes = ",".join([f"dep-{n:02d}" for n in range(1, MAX_CODES + 2) if n != 20][:MAX_CODES])  # no « 20 »: 2A/2B
    r = client.get("/comparer", params={"codes": codes, "ajouter": "Pas-de-Calais"}, follow_redirects=False)
    assert r.status_code == 200
    assert "« Pas-de-Calais » n'a pas été ajouté" in r.text and f"le maximum est {MAX_CODES}" in r.text
    assert r.text.count('href="/comparer?codes=') >= MAX_CODES  # the 20 remain, each with its « retirer » link
