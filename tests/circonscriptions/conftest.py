"""Fixtures of the constituency tests: a fast build of the constituency models alone, and the
real warehouse (the session fixture of tests/conftest.py when present) for the slow tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import _build  # noqa: E402

SOURCE = "insee-circonscriptions-legislatives"


@pytest.fixture(scope="session")
def circo_mirror() -> Path:
    from vigie_industrie.config import default_mirror

    path = default_mirror()
    if path is None:
        pytest.fail("Miroir ../shared/data introuvable : les tests lisent les fichiers officiels du miroir.")
    return path


@pytest.fixture(scope="session")
def circo_raw(circo_mirror) -> Path:
    return circo_mirror / SOURCE


@pytest.fixture(scope="session")
def fast_con(circo_mirror):
    """The constituency models built on the raw files and a minimal COG 2026 geography."""
    con = _build.build(circo_mirror)
    yield con
    con.close()


@pytest.fixture(scope="session")
def circo_warehouse(request, tmp_path_factory, circo_mirror) -> Path:
    """The full warehouse: the shared session fixture when it exists, else one built here."""
    try:
        return request.getfixturevalue("warehouse_path")
    except pytest.FixtureLookupError:
        from vigie_industrie.warehouse import build

        target = tmp_path_factory.mktemp("circo_warehouse") / "warehouse.duckdb"
        build.build(warehouse=target, base_dir=circo_mirror)
        return target


@pytest.fixture()
def wh(circo_warehouse):
    from vigie_industrie.warehouse import connection

    con = connection.connect(circo_warehouse)
    yield con
    con.close()
