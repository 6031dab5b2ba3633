"""The docs follow the code: every source has a page and a README row, every command is in docs/cli.md."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from vigie_industrie.sources.catalogue import load_catalogue

ROOT = Path(__file__).resolve().parents[1]


def _gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("source_id", sorted(load_catalogue()))
def test_every_source_has_a_page(source_id):
    page = ROOT / "docs" / "sources" / f"{source_id}.md"
    assert page.exists(), f"docs/sources/{source_id}.md manque"


def _between_markers(text: str) -> str:
    start, end = "<!-- sources:start -->", "<!-- sources:end -->"
    assert text.count(start) == 1 and text.count(end) == 1, "marqueurs sources:start / sources:end absents du README"
    return text.split(start, 1)[1].split(end, 1)[0].strip("\n")


def test_readme_sources_table_is_current():
    """The table between the markers is the generated one, row for row (an empty or stale table fails)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = _between_markers(readme)
    assert table == _gen_docs().sources_table(), "Table des sources du README périmée : lancez python scripts/gen_docs.py"
    for source_id in load_catalogue():
        assert f"[`{source_id}`]" in table, f"source {source_id} absente de la table du README"


def test_sources_table_generator_fills_empty_and_stale_blocks():
    gen = _gen_docs()
    table = gen.sources_table()
    for block in ("", "\n", "\n| stale |\n"):
        text = f"avant\n<!-- sources:start -->{block}<!-- sources:end -->\naprès\n"
        assert _between_markers(gen.readme_with_sources(text)) == table
    assert gen.readme_with_sources(gen.readme_with_sources(text)) == gen.readme_with_sources(text)


def test_cli_reference_is_current():
    current = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert current == _gen_docs().cli_markdown() + "\n", "Lancez python scripts/gen_docs.py"


def test_readme_gives_the_two_commands_and_ci_calls_make_test():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_every_mart_is_named_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    marts = [p.stem for p in (ROOT / "src" / "vigie_industrie" / "warehouse" / "sql" / "marts").glob("*.sql")]
    missing = [m for m in marts if f"`{m}`" not in readme and not m.startswith("circonscription")]
    assert not missing, f"tables absentes du README : {missing}"
