"""Fixtures of the constituency tests: a fast build of the constituency models alone, and the
real warehouse of tests/conftest.py (under the names these tests use) for the slow tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

import _build  # noqa: E402

SOURCE = "insee-circonscriptions-legislatives"


@pytest.fixture(scope="session")
def circo_mirror(mirror) -> Path:
    """The mirror of tests/conftest.py."""
    return mirror


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
def circo_warehouse(warehouse_path) -> Path:
    """The warehouse built once from the mirror by tests/conftest.py."""
    return warehouse_path


@pytest.fixture()
def wh(con):
    """A read-only connection to that warehouse (tests/conftest.py)."""
    return con
