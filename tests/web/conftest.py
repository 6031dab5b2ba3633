"""Web fixtures: the one FastAPI app (API + pages) over the warehouse built from the mirror."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="session")
def web_app(settings):
    from vigie_industrie.api.app import create_app

    return create_app(settings)


@pytest.fixture(scope="session")
def client(web_app):
    with TestClient(web_app, raise_server_exceptions=True) as c:
        yield c
