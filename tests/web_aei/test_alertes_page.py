"""``/alertes`` and ``/alertes/{code}``: the figures of ``GET /api/v1/alertes``, the filters, the evaluation."""

from __future__ import annotations

import pytest

from tests.web_aei.conftest import number, parse, rows

CASES = [
    {"cible": "chomage_ze", "departement": "62"},
    {"cible": "emploi_ze", "ti_phase2": "true", "limit": "30"},
    {"cible": "emploi_epci", "region": "32", "limit": "25"},
    {"cible": "emploi_industriel", "limit": ""},
]


def _api(client, params: dict) -> dict:
    query = {k: v for k, v in params.items() if v != ""}
    response = client.get("/api/v1/alertes", params=query)
    assert response.status_code == 200, response.text
    return response.json()


@pytest.mark.parametrize("params", CASES, ids=[c["cible"] for c in CASES])
def test_page_and_api_rank_the_same_territories(aei_client, params):
    response = aei_client.get("/alertes", params=params)
    assert response.status_code == 200, response.text[:500]
    shown = rows(parse(response.text), "tableau-alertes")
    expected = [{"code": r["code"], "rang": r["rang"], "probabilite": r["probabilite"], "valeur": r["valeur"],
                 "variables": [e["variable"] for e in r["explications"]]} for r in _api(aei_client, params)["alertes"]]
    assert shown == expected and len(shown) > 3
    assert all(0 < r["probabilite"] < 1 for r in shown)
    assert "calibrée" in response.text


def test_region_filter_keeps_the_epci_of_the_region(aei_client, raw_communes):
    """Every EPCI listed for the Hauts-de-France has a commune there (Etalab list), and all of them are listed."""
    in_region = {r["siren_epci"] for r in raw_communes if r["code_region"] == "32"}
    shown = {r["code"] for r in rows(parse(aei_client.get("/alertes", params={"cible": "emploi_epci", "region": "32",
                                                                                "limit": ""}).text), "tableau-alertes")}
    everyone = {r["code"] for r in _api(aei_client, {"cible": "emploi_epci"})["alertes"]}
    assert shown == in_region & everyone and len(shown) > 80


def test_departement_filter_and_ranks_among_all(aei_client, raw_ze):
    zones_62 = {ze for commune, ze in raw_ze.items() if commune.startswith("62")}
    shown = rows(parse(aei_client.get("/alertes", params={"cible": "chomage_ze", "departement": "62", "limit": ""}).text),
                 "tableau-alertes")
    assert {r["code"] for r in shown} == zones_62
    ranks = [r["rang"] for r in shown]
    assert ranks == sorted(ranks) and ranks[-1] > len(ranks)  # the rank among all 302 zones, not within the filter


def test_downloads_are_the_api_export(aei_client):
    tree = parse(aei_client.get("/alertes", params={"cible": "emploi_epci", "region": "32"}).text)
    links = {a.text(strip=True): a.attributes["href"] for a in tree.css("a.fr-btn")}
    csv_url = next(v for k, v in links.items() if "CSV" in k)
    assert csv_url == "/api/v1/alertes?cible=emploi_epci&region=32&format=csv"
    body = aei_client.get(csv_url)
    assert body.headers["content-type"].startswith("text/csv")
    assert body.text.splitlines()[0] == "rang,code,nom,probabilite,valeur,origine,explication"


@pytest.mark.parametrize("query,needle", [
    ({"cible": "chomage"}, "cible"),
    ({"region": "99"}, "Région « 99 » inconnue"),
    ({"departement": "999"}, "Département « 999 » inconnu"),
    ({"limit": "zéro"}, "limit : « zéro » n'est pas un nombre entier"),
])
def test_bad_input_is_a_french_422_page(aei_client, query, needle):
    response = aei_client.get("/alertes", params=query)
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    text = parse(response.text).css_first("main").text()
    assert needle in text


@pytest.fixture(scope="module")
def evaluated(warehouse_path):
    """A real (short) backtest stored beside the warehouse, as `vigie alertes evaluer --max-origines 1` does."""
    from vigie_industrie.alerts import backtest, evaluation_store, targets
    from vigie_industrie.warehouse import connection

    con = connection.connect(warehouse_path)
    try:
        result = backtest.run(con, targets.get("emploi_industriel"), max_origins=1)
    finally:
        con.close()
    evaluation_store.write(warehouse_path, {"emploi_industriel": result})
    return result


def test_evaluation_summary_is_the_stored_report(aei_client, evaluated):
    from vigie_industrie.alerts import backtest

    tree = parse(aei_client.get("/alertes", params={"cible": "emploi_industriel"}).text)
    table = tree.css_first('table[data-evaluation="emploi_industriel"]')
    assert table is not None
    api = aei_client.get("/api/v1/alertes/evaluation").json()["cibles"]["emploi_industriel"]
    for method in backtest.METHODS:
        row = table.css_first(f'tr[data-methode="{method}"]')
        for metric in backtest.METRICS:
            assert number(row.css_first(f'td[data-mesure="{metric}"] data').attributes["value"]) == api[method][metric]
            assert api[method][metric] == evaluated[method][metric]
    sentences = tree.css_first('ul.vigie-verdict[data-evaluation="emploi_industriel"]').text()
    for name, label in (("baseline_trend", "Tendance de la dernière période"),
                        ("baseline_persistence", "Persistance de la variation précédente")):
        loses = any(evaluated["verdict"].get(f"{m}_vs_{name}") is False for m in backtest.METRICS)
        assert (f"Le modèle ne bat pas la référence « {label} »" in sentences) == loses


def test_territory_alerts_are_its_zones_and_epci(aei_client, raw_communes, raw_ze):
    epci = "200072460"
    communes = {r["code_commune"] for r in raw_communes if r["siren_epci"] == epci}
    zones = {raw_ze[c] for c in communes if c in raw_ze}
    response = aei_client.get(f"/alertes/{epci}")
    assert response.status_code == 200, response.text[:300]
    tree = parse(response.text)
    chomage = rows(tree, "tableau-chomage_ze")
    assert {r["code"] for r in chomage} == zones
    everyone = {r["code"]: r for r in _api(aei_client, {"cible": "chomage_ze"})["alertes"]}
    assert all(everyone[r["code"]]["rang"] == r["rang"] and everyone[r["code"]]["probabilite"] == r["probabilite"]
               for r in chomage)
    assert [r["code"] for r in rows(tree, "tableau-emploi_epci")] == [epci]
    assert tree.css_first('[data-vide="emploi_industriel"]') is not None  # Béthune is outside the Rouen extract


def test_territory_alerts_of_a_rouen_commune_list_its_sector_cells(aei_client):
    tree = parse(aei_client.get("/alertes/76540").text)
    cells = rows(tree, "tableau-emploi_industriel")
    assert cells and all(r["code"].startswith("76540-") for r in cells)
    assert tree.css_first('#tableau-emploi_industriel a').attributes["href"] == "/territoire/76540"


def test_unknown_territory_is_a_french_404_page(aei_client):
    response = aei_client.get("/alertes/zzzzzzzz")
    assert response.status_code == 404 and "<html" in response.text and 'lang="fr"' in response.text


def test_a_target_without_stored_evaluation_says_it_is_not_validated(aei_client, evaluated):
    tree = parse(aei_client.get("/alertes", params={"cible": "emploi_ze", "limit": "3"}).text)
    assert tree.css_first("table[data-evaluation]") is None
    assert "ne sont pas validées" in tree.css_first("#evaluation-absente").text()
