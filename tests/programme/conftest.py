"""Programme-store fixtures: the backend fixtures live in tests/conftest.py."""

from __future__ import annotations

from datetime import date

import pytest

from vigie_industrie.programme.authz import Actor

TODAY = date(2025, 6, 30)


@pytest.fixture
def system_actor() -> Actor:
    return Actor.system("test")
