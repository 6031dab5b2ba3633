"""Property-based API test: schemathesis generates requests from /api/v1/openapi.json.

Checks: no server error (5xx), responses match their declared schema, status code and
content type. Bounded: 20 examples per operation, SQLite store, admin token (so writes
are exercised too). Marked slow: `make test` runs it, `make test-fast` skips it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from .conftest import Env, create_row, make_app, seed_users

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance, content_type_conformance]


# The schema is read from an app built at import (no database touched until a request).
_TMP = Path(tempfile.mkdtemp(prefix="vigie-schemathesis-"))
_URL = f"sqlite:///{_TMP / 'schemathesis.db'}"
APP = make_app(_URL, tmp_path=_TMP)
schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", APP)
ENV = Env(app=APP, store=APP.state.store)


@pytest.fixture(scope="module", autouse=True)
def _seeded(warehouse_path):
    # The real warehouse built from the mirror: territory and constituency reads are fuzzed too.
    from vigie_industrie.programme.db import init_store

    init_store(_URL)
    APP.state.settings = APP.state.settings.model_copy(update={"warehouse": warehouse_path})
    ENV.tokens = seed_users(ENV.store)
    for resource in ("contrats", "projets", "besoins", "financements", "missions", "copil"):
        create_row(ENV.store, resource, "own")
    yield
    ENV.store.dispose()
    shutil.rmtree(_TMP, ignore_errors=True)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_schema(case):
    case.call_and_validate(headers=ENV.headers("admin"), checks=CHECKS)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_for_restricted_callers(case):
    """Anonymous and EPCI callers walk the 401/403/404 branches: still no 5xx, still documented."""
    case.call_and_validate(headers={}, checks=CHECKS)
    case.call_and_validate(headers=ENV.headers("epci"), checks=CHECKS)
