"""Typed dependencies shared by the routers."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from vigie_industrie.config import Settings


async def get_app_settings(request: Request) -> Settings:
    """Async: a sync dependency costs a thread-pool hop on every request (``SettingsDep`` is in most)."""
    return request.app.state.settings


SettingsDep = Annotated[Settings, Depends(get_app_settings)]


# --- programme store: session, caller, clock ------------------------------------------

from datetime import date  # noqa: E402

from fastapi.concurrency import run_in_threadpool  # noqa: E402
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer  # noqa: E402

from vigie_industrie import errors as _errors  # noqa: E402
from vigie_industrie.programme import security as _security  # noqa: E402
from vigie_industrie.programme import users as _users  # noqa: E402
from vigie_industrie.programme.authz import Actor  # noqa: E402
from vigie_industrie.programme.db import Store  # noqa: E402

_bearer = HTTPBearer(auto_error=False, description="Jeton obtenu par POST /api/v1/auth/token.")


async def get_store(request: Request) -> Store:
    """The app's programme store (engine built and schema migrated on first use)."""
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


async def get_actor(
    request: Request,
    store: StoreDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)] = None,
) -> Actor:
    """The caller: bearer token first, else the web session cookie, else anonymous.

    Async so anonymous reads never hop to the thread pool; the token lookup does.
    """
    token = credentials.credentials if credentials else request.cookies.get(_security.COOKIE_NAME)
    if not token:
        return Actor.anonymous()
    return await run_in_threadpool(_actor_from_token, store, token)


def _actor_from_token(store: Store, token: str) -> Actor:
    with store.session() as session:
        return _users.actor_from_token(session=session, token=token)


CurrentActor = Annotated[Actor, Depends(get_actor)]
BEARER_SECURITY = {"security": [{"HTTPBearer": []}]}  # ``openapi_extra`` of a route calling ``request_actor``


async def request_actor(request: Request, *, dead_cookie_is_anonymous: bool = False) -> Actor:
    """``get_actor`` called by hand (same answers, same 401 on a bad token), for a hot route that
    declares no dependency: FastAPI's dependency solving was most of the CPU of a memoised fiche.

    ``dead_cookie_is_anonymous``: the web pages' reading (``web/session.PageActor``): an expired or
    revoked session *cookie* is a signed-out reader, to be sent to the sign-in page; a bad bearer
    token is still a 401, which a program can act on."""
    credentials = await _bearer(request)
    try:
        return await get_actor(request, request.app.state.store, credentials)
    except _errors.NotAuthenticated:
        if dead_cookie_is_anonymous and credentials is None:
            return Actor.anonymous()
        raise


async def get_today(request: Request) -> date:
    """Today's date from the app clock (``app.state.clock``), injectable in tests."""
    return request.app.state.clock()


TodayDep = Annotated[date, Depends(get_today)]


# --- warehouse: one read-only handle per request ----------------------------------------

from collections.abc import AsyncIterator  # noqa: E402

from vigie_industrie.warehouse.connection import WarehouseReader  # noqa: E402


async def get_warehouse(settings: SettingsDep) -> AsyncIterator[WarehouseReader]:
    """The warehouse, read-only, for one request: a cursor of the process-wide read-only database
    of the current file version, opened on first use and closed after the response (readers reach
    DuckDB only through ``warehouse.connection``). Async: making the handle opens nothing, and a
    sync generator would cost two thread-pool hops per request (enter and exit), queued behind
    the requests running there."""
    reader = WarehouseReader(settings.warehouse, shared=True)
    try:
        yield reader
    finally:
        reader.close()


WarehouseDep = Annotated[WarehouseReader, Depends(get_warehouse)]
