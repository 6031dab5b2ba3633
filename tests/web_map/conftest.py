"""The map tests' app: the shared mirror warehouse, a store of its own per module."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from vigie_industrie.api.app import create_app
from vigie_industrie.config import Settings


@pytest.fixture(scope="module")
def client(warehouse_path, tmp_path_factory):
    db = tmp_path_factory.mktemp("carte") / "vigie.db"
    app = create_app(Settings(warehouse=warehouse_path, database_url=f"sqlite:///{db}", env="test"))
    with TestClient(app) as c:
        yield c
