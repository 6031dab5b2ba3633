"""Small helpers shared by the source tests (imported relatively)."""

from __future__ import annotations

import gzip
from pathlib import Path

from vigie_industrie.sources import catalogue


def rouen_path(base: Path) -> Path:
    source = catalogue.get_source("urssaf-commune-ape-ze-rouen")
    return source.file("commune_ape").path(base, source.id)


def rewrite_gzip_text(path: Path, transform) -> None:
    """Rewrite a .csv.gz through ``transform(text) -> text`` (for damaged copies)."""
    text = gzip.open(path, "rt", encoding="utf-8").read()
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(transform(text))
