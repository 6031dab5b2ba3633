"""Every catalogue source has its documentation page, and every page a source."""

from __future__ import annotations

from pathlib import Path

from vigie_industrie.sources import catalogue

DOCS = Path(__file__).resolve().parents[2] / "docs" / "sources"


def test_one_page_per_source():
    # the circonscriptions source is declared and documented by another helper
    ids = set(catalogue.load_catalogue()) - {"insee-circonscriptions-legislatives"}
    pages = {p.stem for p in DOCS.glob("*.md")} - {"README"}
    assert ids - pages == set(), "sources without a page"
    assert pages - ids <= {"insee-circonscriptions-legislatives"}, "pages without a source"


def test_pages_name_licence_attribution_and_used_by():
    for source in catalogue.load_catalogue().values():
        if source.id == "insee-circonscriptions-legislatives":
            continue
        text = (DOCS / f"{source.id}.md").read_text(encoding="utf-8")
        assert source.attribution in text
        assert "**Licence:**" in text and "Used by" in text
        for sfile in source.files:
            assert sfile.filename in text
