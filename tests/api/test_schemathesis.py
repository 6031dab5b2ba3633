"""Property-based API test: schemathesis generates requests from /api/v1/openapi.json.

Checks: no server error (5xx), responses match their declared schema, status code and
content type, for valid and invalid generated requests. Bounded: 20 examples per operation, SQLite store, admin token (so writes
are exercised too). Marked slow: `make test` runs it, `make test-fast` skips it.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
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
    for resource in ("contrats", "projets", "besoins", "financements", "missions", "copil", "projets_a_venir"):
        create_row(ENV.store, resource, "own")
    _seed_perimetre(warehouse_path)  # issue 11: /perimetres/{ident} reads and writes an existing row
    _warm_alertes(warehouse_path)  # issue 15: the alert models are fitted once per warehouse, before the requests
    yield
    ENV.store.dispose()
    shutil.rmtree(_TMP, ignore_errors=True)


def _warm_alertes(warehouse_path) -> None:
    from vigie_industrie.alerts import scoring, targets
    from vigie_industrie.warehouse.connection import WarehouseReader

    with WarehouseReader(warehouse_path, shared=True) as reader:
        for target_id in targets.TARGETS:
            scoring.fitted(reader.con, targets.get(target_id), cache_key=(str(reader.path), reader.version))


def _seed_perimetre(warehouse_path) -> None:
    from vigie_industrie.observatoire import membres
    from vigie_industrie.programme import perimetres
    from vigie_industrie.programme.authz import Actor
    from vigie_industrie.warehouse import connection

    con = connection.connect(warehouse_path)
    try:
        with ENV.store.transaction() as session:
            perimetres.create(session=session, actor=Actor.system("test"),
                              data=perimetres.PerimetreCreate(nom="Audomarois", membres=["200069037", "246201016"]),
                              check_members=lambda codes: membres.check_members(con, codes))
    finally:
        con.close()


# One pytest item per operation with its own node id (schemathesis' own parametrisation
# gives every item the same id, which pytest-xdist's loadgroup scheduler collapses to one).
OPERATIONS = [(op.method.upper(), op.path) for op in (r.ok() for r in schema.get_all_operations())]
IDS = [f"{m} {p}" for m, p in OPERATIONS]


def _run(method: str, path: str, max_examples: int, callers: tuple[str, ...]) -> None:
    operation = schema[path][method]
    # valid requests and invalid ones (wrong types, missing fields…): both must stay out of 5xx
    strategy = st.one_of(operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE))

    @settings(max_examples=max_examples, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
              database=None)
    @given(case=strategy)
    def check(case):
        for who in callers:
            case.call_and_validate(headers=ENV.headers(who), checks=CHECKS)

    check()


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=IDS)
def test_api_conforms_to_its_schema(method, path):
    """As admin: writes are exercised too."""
    _run(method, path, 20, ("admin",))


@pytest.mark.slow
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=IDS)
def test_api_conforms_for_restricted_callers(method, path):
    """Anonymous and EPCI callers walk the 401/403/404 branches: still no 5xx, still documented."""
    _run(method, path, 8, ("anonyme", "epci"))
