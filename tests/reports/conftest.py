"""Fiches rendered once per test worker by the real command (`vigie fiche`), over the mirror warehouse."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from reports.helpers import ROUEN, norm, system_tool, vigie

QUERIES = (ROUEN, "circo-62-08", "fr")


@pytest.fixture(scope="session")
def rendered(tmp_path_factory, warehouse_path) -> dict[tuple[str, str], Path]:
    """(query, format) → the file `vigie fiche QUERY --format F --output FILE` wrote."""
    out = tmp_path_factory.mktemp("fiches")
    files = {}
    for query in QUERIES:
        for fmt in ("pdf", "html", "md"):
            path = out / f"{query}.{fmt}"
            code = vigie(["fiche", query, "--format", fmt, "--output", str(path), "--warehouse", str(warehouse_path)])
            assert code == 0, f"vigie fiche {query} --format {fmt} : code {code}"
            files[(query, fmt)] = path
    return files


@pytest.fixture(scope="session")
def pdf_text(rendered) -> dict[str, str]:
    """The text of each PDF as pdftotext reads it (whitespace normalised)."""
    tool = system_tool("pdftotext")
    out = {}
    for (query, fmt), path in rendered.items():
        if fmt == "pdf":
            text = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
            out[query] = norm(text)
    return out
