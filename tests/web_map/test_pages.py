"""The home page and the locator partial, rendered on the server (no browser): same figures as the API."""

from __future__ import annotations

from types import SimpleNamespace

from vigie_industrie.indicators import registry
from vigie_industrie.web import templating


def test_home_lists_the_whole_registry_and_the_levels(client):
    html = client.get("/").text
    for ind in registry.REGISTRY.values():
        assert f'<option value="{ind.id}"' in html
    for niveau in ("epci", "zone_emploi", "departement", "region", "circonscription"):
        assert f'<option value="{niveau}"' in html
    assert '<label class="fr-label" for="carte-indicateur">' in html and 'lang="fr"' in html
    assert "/static/js/carte.js" in html and "Licence Ouverte" in html


def test_home_tables_are_the_api_values(client):
    api = client.get("/api/v1/carte/region", params={"indicateur": "population"}).json()
    html = client.get("/", params={"niveau": "region", "indicateur": "population"}).text
    best = max((v for v in api["valeurs"] if v["valeur"] is not None), key=lambda v: v["valeur"])
    assert f'href="/territoire/reg-{best["code"]}">{best["nom"]}</a>' in html
    assert f'{api["classe_manquante"]} ({api["nb_manquants"]})' in html
    assert html.count('class="vigie-legende__case"') == len(api["classes"]) + 1


def test_home_circonscriptions_carry_odbl_and_ze_says_unavailable(client):
    assert "Regards Citoyens / Toxicode, ODbL" in client.get("/", params={"niveau": "circonscription"}).text
    ze = client.get("/", params={"niveau": "zone_emploi"}).text
    assert 'id="carte-indisponible"' in ze and "non disponible" in ze


def test_home_bad_input_is_a_french_error(client):
    res = client.get("/", params={"niveau": "canton"})
    assert res.status_code == 422 and "canton" in res.text
    res = client.get("/", params={"indicateur": "inconnu"})
    assert res.status_code in (404, 422) and "inconnu" in res.text


def _partial(**fiche) -> str:
    base = {"type": "epci", "code": "200072460", "nom": "CA de Béthune-Bruay", "libelle_type": "EPCI", "phase": None}
    return templating.env.get_template("_carte_locale.html").render(fiche=SimpleNamespace(**{**base, **fiche}))


def test_locator_partial():
    html = _partial()
    assert 'data-type="epci"' in html and 'data-code="200072460"' in html and "carte_locale.js" in html
    commune = _partial(type="commune", code="62139", nom="Blendecques", libelle_type="Commune")
    assert "contour de son EPCI est affiché" in commune
    assert "ODbL" in _partial(type="circonscription", code="circo-62-08", libelle_type="Circonscription")
    france = _partial(type="france", code="fr", nom="France", libelle_type="France")
    assert "Pas de carte de situation" in france and "carte_locale.js" not in france
