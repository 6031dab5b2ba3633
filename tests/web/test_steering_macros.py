"""The Jinja macros the steering and eligibility pages share (``pilotage/projets_macros.html``,
``_eligibilite.html``): what each writes, checked on the parsed markup."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser

from vigie_industrie.web import templating


def _render(source: str, **ctx) -> LexborHTMLParser:
    return LexborHTMLParser(templating.env.from_string(source).render(**ctx))


TABLE = ('{% import "pilotage/projets_macros.html" as f %}'
         '{% call(x) f.tableau("t", "Missions", "Légende", ("A", "B"), lignes) %}'
         '<tr data-id="{{ x.id }}"><td>{{ x.nom }}</td><td>{{ x.id }}</td></tr>{% endcall %}')


def test_tableau_one_row_per_item_under_its_counted_title():
    tree = _render(TABLE, lignes=[{"id": 3, "nom": "Béthune"}, {"id": 4, "nom": "Dole"}])
    assert tree.css_first("h2").text() == "Missions (2)"
    assert [th.text() for th in tree.css("#t thead th")] == ["A", "B"]
    assert all(th.attributes["scope"] == "col" for th in tree.css("#t thead th"))
    assert tree.css_first("#t caption").text() == "Légende"
    assert [tr.attributes["data-id"] for tr in tree.css("#t tbody tr")] == ["3", "4"]
    assert [td.text() for td in tree.css("#t tbody tr:first-child td")] == ["Béthune", "3"]


def test_tableau_writes_nothing_for_no_rows():
    assert _render(TABLE, lignes=[]).body.text().strip() == ""


def test_en_tete_breadcrumb_and_title_with_an_optional_addition():
    plain = _render('{% import "pilotage/projets_macros.html" as f %}{{ f.en_tete("/pilotage/missions", "Missions", t) }}',
                    t="Après <la> fermeture")
    assert plain.css_first("h1").text() == "Après <la> fermeture"  # escaped: a title is text
    links = plain.css(".fr-breadcrumb__link")
    assert [a.text() for a in links] == ["Missions", "Après <la> fermeture"]
    assert links[0].attributes["href"] == "/pilotage/missions" and links[1].attributes["aria-current"] == "page"
    badge = _render('{% import "pilotage/projets_macros.html" as f %}'
                    '{% call f.en_tete("/pilotage/projets", "Projets", "Usine") %}<span class="b">Idée</span>{% endcall %}')
    assert badge.css_first("h1").text() == "Usine Idée" and badge.css_first("h1 span.b") is not None


def test_choix_criteres_selects_the_current_file():
    tree = _render('{% import "_eligibilite.html" as e %}{{ e.choix_criteres("champ-criteres", fichiers, "b") }}',
                   fichiers=[("a", "Critères A"), ("b", "Critères B")])
    select = tree.css_first("select#champ-criteres")
    assert select.attributes["name"] == "criteres"
    assert tree.css_first("label").attributes["for"] == "champ-criteres"
    assert [(o.attributes["value"], o.text(), "selected" in o.attributes) for o in select.css("option")] == [
        ("a", "a — Critères A", False), ("b", "b — Critères B", True)]
