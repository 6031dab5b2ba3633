"""``/impact``: the simulator's figures are those of ``GET /api/v1/impact``; bad input stays beside its field."""

from __future__ import annotations

import pytest

from tests.web_aei.conftest import number, parse

BETHUNE = {"commune": "62119", "naf": "22.11Z", "emplois": "863"}


def test_form_without_input_lists_the_cited_multipliers(aei_client):
    response = aei_client.get("/impact")
    assert response.status_code == 200
    tree = parse(response.text)
    assert tree.css_first("#formulaire-impact") is not None and tree.css_first("#resultat") is None
    assert "hypothèse" in tree.css_first("#multiplicateurs-cites").text()


@pytest.mark.parametrize("params", [BETHUNE, {"commune": "76636", "naf": "21.20Z", "emplois": "120", "date": "2021-04-30",
                                              "multiplicateur": "haut"}], ids=["bethune", "le-trait"])
def test_page_and_api_give_the_same_figures(aei_client, params):
    page = aei_client.get("/impact", params=params)
    assert page.status_code == 200, page.text[:500]
    api = aei_client.get("/api/v1/impact", params=params).json()
    tree = parse(page.text)
    assert int(tree.css_first("#resultat").attributes["data-emplois-directs"]) == api["emplois_directs"]
    compared = 0
    for t in api["territoires"]:
        if not t["chiffres"]:
            continue
        table = tree.css_first(f'table[data-bloc="chiffres-{t["type"]}-{t["phase"] or 0}"]')
        shown = [(tr.attributes["data-chiffre"], tr.attributes["data-dimension"] or None,
                  number(tr.css_first('td[data-champ="valeur"] data').attributes["value"])) for tr in table.css("tbody tr")]
        assert shown == [(c["id"], c["dimension"], c["valeur"]) for c in t["chiffres"]]
        compared += len(shown)
    assert compared > 10
    for mu in api["multiplicateurs"]:
        row = tree.css_first(f'#tableau-multiplicateurs tr[data-multiplicateur="{mu["id"]}"]')
        assert number(row.css_first('td[data-champ="emplois_indirects"] data').attributes["value"]) == mu["emplois_indirects"]
        assert number(row.css_first('td[data-champ="hausse_chomage_points"] data').attributes["value"]) == mu["hausse_chomage_points"]
        assert ("vigie-choisi" in (row.attributes.get("class") or "")) == mu["choisi"]
    assert len(tree.css("#disponibilite li")) == len(api["disponibilite"])
    assert [li.attributes["id"] for li in tree.css(".vigie-hypotheses li")] == [f"hypothese-{h['numero']}" for h in api["hypotheses"]]


def test_multiplier_arithmetic_on_the_page(aei_client):
    """Indirect jobs = direct jobs × the cited multiplier (parameters read from the TOML file, not the page)."""
    from vigie_industrie.impact import parametres

    tree = parse(aei_client.get("/impact", params=BETHUNE).text)
    for m in parametres.load().multiplicateurs.values():
        row = tree.css_first(f'tr[data-multiplicateur="{m.id}"]')
        assert number(row.css_first('td[data-champ="emplois_indirects"] data').attributes["value"]) == pytest.approx(863 * m.valeur, abs=0.01)


@pytest.mark.parametrize("params,field,needle", [
    ({**BETHUNE, "naf": "99.99Z"}, "naf", "Code NAF « 9999Z » inconnu"),
    ({**BETHUNE, "naf": "abc"}, "naf", "Code NAF « abc » invalide"),
    ({**BETHUNE, "emplois": "0"}, "emplois", "il faut au moins 1 emploi perdu"),
    ({**BETHUNE, "emplois": "beaucoup"}, "emplois", "un entier positif est attendu"),
    ({"commune": "76636", "naf": "21.20Z", "emplois": "99999"}, "emplois", "plus que les"),
    ({**BETHUNE, "commune": "99999"}, "commune", "Commune « 99999 » inconnue"),
    ({**BETHUNE, "commune": ""}, "commune", "Donnez soit une commune"),
    ({"epci": "123", "naf": "22.11Z", "emplois": "5"}, "epci", "SIREN d'EPCI « "),
    ({"epci": "200072461", "naf": "22.11Z", "emplois": "5"}, "epci", "Luhn"),
    ({**BETHUNE, "date": "2021-13-01"}, "date", "Date « 2021-13-01 » invalide"),
    ({**BETHUNE, "multiplicateur": "zz"}, "multiplicateur", "Multiplicateur « zz » inconnu"),
])
def test_bad_input_is_shown_beside_its_field_with_the_input_kept(aei_client, params, field, needle):
    response = aei_client.get("/impact", params=params)
    assert response.status_code == 422 and response.headers["content-type"].startswith("text/html")
    tree = parse(response.text)
    error = tree.css_first(f"#erreur-{field}")
    assert error is not None and needle in error.text(), response.text[-2000:]
    assert tree.css_first(f"#champ-{field}").attributes.get("aria-invalid") == "true"
    assert tree.css_first("#resultat") is None
    for name, value in params.items():
        node = tree.css_first(f"#champ-{name}")
        kept = node.attributes.get("value") if node.tag == "input" else node.css_first("option[selected]").attributes["value"]
        assert kept == value
