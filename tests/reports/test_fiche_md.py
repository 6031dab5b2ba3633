"""The Markdown fiche: the same sections, tables and figures as the PDF, as GitHub-flavoured Markdown."""

from __future__ import annotations

from reports.helpers import ROUEN, norm
from vigie_industrie.observatoire import texte as fmt


def test_markdown_fiche_sections_and_tables(rendered):
    text = rendered[(ROUEN, "md")].read_text(encoding="utf-8")
    assert text.startswith("# Métropole Rouen Normandie\n")
    for heading in ("## En bref", "## Identité", "## Chiffres clés", "## Territoires comparables", "## Sources et licences"):
        assert f"\n{heading}\n" in text
    # every table: a header row, then its alignment row, each preceded by a blank line
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|---") or line.startswith("|:--"):
            assert lines[i - 1].startswith("| ") and lines[i - 2] == ""
            assert lines[i - 1].count(" | ") == line.count("|") - 2


def test_markdown_holds_the_warehouse_figures(con, rendered):
    text = norm(rendered[(ROUEN, "md")].read_text(encoding="utf-8"))
    valeur, unite = con.execute(
        "select valeur, unite from indicateur_valeur where type = 'epci' and code = ? and indicateur = 'population' "
        "and dimension is null order by annee desc limit 1", [ROUEN],
    ).fetchone()
    assert f"| {norm(fmt.valeur(valeur, unite))} habitants |" in text


def test_markdown_of_france_and_of_a_constituency(rendered):
    assert "# France" in rendered[("fr", "md")].read_text(encoding="utf-8")
    circo = rendered[("circo-62-08", "md")].read_text(encoding="utf-8")
    assert "**Député(e)**" in circo and "Pas-de-Calais, 8e circonscription" in circo
