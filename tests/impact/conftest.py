"""Impact tests read the session warehouse; VIGIE_TEST_WAREHOUSE may point at one already built from
the mirror (same code), to iterate without rebuilding."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def warehouse_path(tmp_path_factory, mirror) -> Path:
    prebuilt = os.environ.get("VIGIE_TEST_WAREHOUSE")
    if prebuilt:
        return Path(prebuilt)
    from vigie_industrie.warehouse import build

    target = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    build.build(warehouse=target, base_dir=mirror)
    return target
