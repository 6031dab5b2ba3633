"""Fixtures of the project/mission/calendar screens: the API's app and users (tests/api/conftest.py)."""

from __future__ import annotations

from tests.api.conftest import Env, create_row, env, make_app, module_env, payload, seed_users  # noqa: F401
