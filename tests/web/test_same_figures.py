"""The page and the API give the same figures, for a sample of every kind.

Figures are read back from the HTML (``<data value>`` of the key-figure cards and of each block's
figures table, the peers table, the series tables) and compared with
``GET /api/v1/territoires/{code}``: one service, two renderings.
"""

from __future__ import annotations

import pytest

from tests.web.conftest import number, parse
from tests.web.test_territoire import KINDS


def _api_blocks(fiche: dict) -> list[dict]:
    blocks = list(fiche["blocs"])
    if fiche.get("circonscription"):
        blocks.append(fiche["circonscription"]["indicateurs_insee"])
    return blocks


def _num(value):
    return None if value is None else float(value)


@pytest.mark.parametrize("kind", KINDS)
def test_key_figures_equal_api(kind, pages, fiches):
    tree = parse(pages[kind])
    shown = [(n.attributes["data-indicateur"], number(n.css_first("data").attributes["value"]))
             for n in tree.css(".vigie-chiffre")]
    assert shown == [(c["id"], _num(c["valeur"])) for c in fiches[kind]["chiffres_cles"]]


@pytest.mark.parametrize("kind", KINDS)
def test_block_figures_equal_api(kind, pages, fiches):
    tree = parse(pages[kind])
    compared = 0
    for bloc in _api_blocks(fiches[kind]):
        rows = tree.css(f'table[data-bloc="{bloc["id"]}"] tbody tr')
        assert len(rows) == len(bloc["chiffres"]), bloc["id"]
        for row, c in zip(rows, bloc["chiffres"]):
            assert row.attributes["data-indicateur"] == c["id"]
            assert (row.attributes["data-dimension"] or None) == c["dimension"]
            cell = {td.attributes["data-champ"]: td for td in row.css("td[data-champ]")}
            assert number(cell["valeur"].css_first("data").attributes["value"]) == _num(c["valeur"])
            assert number(cell["valeur_region"].css_first("data").attributes["value"]) == _num(c["valeur_region"])
            assert number(cell["valeur_france"].css_first("data").attributes["value"]) == _num(c["valeur_france"])
            assert cell["periode"].text(strip=True) == (c["periode"] or "")
            assert cell["niveau"].text(strip=True) == (c["niveau"] or "")
            rank = cell["rang_france"].text(strip=True)
            assert rank == (f"{c['rang_france']} / {c['nb_france']}" if c["rang_france"] else "")
            compared += 1
    assert compared > 10


@pytest.mark.parametrize("kind", KINDS)
def test_series_and_tables_equal_api(kind, pages, fiches):
    tree = parse(pages[kind])
    for bloc in fiches[kind]["blocs"]:
        for t in bloc["tableaux"]:
            table = tree.css_first(f"#tableau-{t['id']} tbody")
            assert table is not None, t["id"]
            for row, ligne in zip(table.css("tr"), t["lignes"], strict=True):
                cells = row.css("td")
                for cell, col in zip(cells, t["colonnes"], strict=True):
                    v = ligne.get(col["id"])
                    if isinstance(v, (int, float)) and not isinstance(v, bool):
                        assert float(cell.css_first("data").attributes["value"]) == float(v)
        for s in bloc["series"]:
            table = tree.css_first(f'table[data-serie="{s["id"]}"]')
            if table is None:  # drawn as a chart: its table is checked in test_charts
                continue
            values = [number(d.attributes["value"]) for d in table.css("tbody data")]
            assert values == [_num(p["valeur"]) for p in s["points"]]


def test_json_download_is_the_api_document(client, sample):
    for address in sample.values():
        page = client.get(f"/territoire/{address.replace('?', '.json?') if '?' in address else address + '.json'}")
        api = client.get(f"/api/v1/territoires/{address}")
        assert page.status_code == api.status_code == 200
        assert page.content == api.content
