"""The doctest examples of the territory helpers are run (they document and test the same thing)."""

from __future__ import annotations

import doctest

import pytest

from vigie_industrie.sources import catalogue
from vigie_industrie.territories import codes, formatting
from vigie_industrie.warehouse import connection


@pytest.mark.parametrize("module", [codes, formatting, catalogue, connection], ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
