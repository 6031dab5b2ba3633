"""The territory page of every kind: identity, membership, labels, deputies, figures, sources."""

from __future__ import annotations

import pytest

from tests.web.conftest import parse

KINDS = ("commune", "epci", "ept", "territoire_industrie", "territoire_industrie_phase1", "zone_emploi",
         "departement", "region", "circonscription", "france", "perimetre")


@pytest.mark.parametrize("kind", KINDS)
def test_page_shows_identity_figures_and_sources(kind, pages, fiches):
    html, fiche = pages[kind], fiches[kind]
    tree = parse(html)
    assert tree.css_first("h1").text(strip=True) == fiche["nom"]
    assert tree.css_first("html").attributes["lang"] == "fr"
    main = tree.css_first("main")
    assert fiche["libelle_type"] in main.text()
    # every cited source number has its target in the numbered list, and every source is listed
    targets = {n.attributes["id"] for n in tree.css("ol.vigie-sources > li")}
    assert targets == {f"source-{s['numero']}" for s in fiche["sources"]}
    cited = {n.attributes["href"][1:] for n in tree.css(".vigie-renvois a")}
    assert cited and cited <= targets
    # key figures: each with its level of computation and its period
    cards = tree.css(".vigie-chiffre")
    assert len(cards) == len(fiche["chiffres_cles"]) > 0
    for card, c in zip(cards, fiche["chiffres_cles"]):
        assert card.attributes["data-indicateur"] == c["id"]
        if c["niveau"]:
            assert card.css_first(".vigie-niveau").text(strip=True) == c["niveau"]
        assert card.css_first(".vigie-periode").text(strip=True) == c["periode"]
    # membership links: every parent and child listed goes to its page
    assert len(tree.css("#parents a")) == len(fiche["parents"]["liste"])
    assert len(tree.css("#enfants a")) == len(fiche["enfants"]["liste"])
    for a in tree.css("#parents a, #enfants a"):
        assert a.attributes["href"].startswith("/territoire/")


@pytest.mark.parametrize("kind", KINDS)
def test_labels_of_both_phases(kind, pages, fiches):
    tree = parse(pages[kind])
    ti = fiches[kind]["territoires_industrie"]
    shown = sorted(int(n.attributes["data-phase"]) for n in tree.css(".vigie-label-ti"))
    assert shown == ti["labellise_phases"]
    for phase in (1, 2):
        items = [t for t in ti["territoires"] if t["phase"] == phase]
        links = tree.css(f'ul.vigie-ti[data-phase="{phase}"] > li > a')
        assert [a.attributes["href"] for a in links] == [f"/territoire/{t['territoire_id']}?phase={phase}" for t in items]
        if not items:
            assert tree.css_first(f'.vigie-ti-aucun[data-phase="{phase}"]') is not None


def test_epci_bethune_bruay_labels_and_employment_chart(pages):
    tree = parse(pages["epci"])
    assert tree.css_first("h1").text() == "CA de Béthune-Bruay, Artois-Lys Romane"
    labels = [n.text(strip=True) for n in tree.css('ul.vigie-ti > li > a')]
    assert labels == ["Béthune-Bruay", "Béthune-Bruay et Flandre-Lys"]  # phase 1, phase 2 (ANCT files)
    chart = tree.css_first("#graphique-emploi-industriel line-chart")
    assert chart is not None and tree.css_first("#tableau-emploi-industriel table") is not None


def test_circonscription_shows_deputy_and_communes(pages, fiches):
    tree = parse(pages["circonscription"])
    assert tree.css_first(".vigie-depute").text(strip=True) == "Auguste Evrard"
    rows = tree.css("#tableau-communes tbody tr")
    assert len(rows) == fiches["circonscription"]["circonscription"]["communes"]["nb_communes"] == 55
    assert "/territoire/62014" in {a.attributes["href"] for a in tree.css("#tableau-communes a")}


def test_epci_lists_constituencies_with_deputies(pages, fiches):
    tree = parse(pages["epci"])
    deputies = [n.text(strip=True) for n in tree.css("#deputes .vigie-depute")]
    assert deputies == [c["depute"] for c in fiches["epci"]["circonscriptions"]["circonscriptions"]]
    assert "Auguste Evrard" in deputies


def test_region_shows_its_own_figures(pages, fiches):
    tree = parse(pages["region"])
    assert tree.css_first("h1").text() == "Hauts-de-France"
    population = tree.css_first('.vigie-chiffre[data-indicateur="population"] data')
    own = next(c for c in fiches["region"]["chiffres_cles"] if c["id"] == "population")
    assert float(population.attributes["value"]) == own["valeur"]
    # a région is compared with France, not with itself
    assert "Région Hauts-de-France" not in [n.text() for n in tree.css("#tableau-chomage thead th")]


def test_peers_table_links_to_peer_pages(pages, fiches):
    tree = parse(pages["epci"])
    pairs = next(b for b in fiches["epci"]["blocs"] if b["id"] == "pairs")["tableaux"][0]
    links = [a.attributes["href"] for a in tree.css("#tableau-pairs tbody a")]
    expected = [f"/territoire/{r['code']}" for r in pairs["lignes"] if r["code"] and r["code"] != "fr"] + ["/territoire/fr"]
    assert links == expected


def test_locator_map_is_included_when_present(pages):
    # The partial belongs to the map helper: absent here, the page still renders (ignore missing).
    assert "vigie-territoire" in pages["commune"]


def test_page_loads_no_outside_resource(pages):
    for html in pages.values():
        tree = parse(html)
        for node in tree.css("script[src], link[href], img[src]"):
            url = node.attributes.get("src") or node.attributes.get("href")
            assert url.startswith("/"), url
