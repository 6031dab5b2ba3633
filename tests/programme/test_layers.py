"""Layering (issue 11 §3): the store's schemas never import the API; the warehouse is reached
through ``warehouse/connection.py`` only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import vigie_industrie

PACKAGE = Path(vigie_industrie.__file__).parent


def test_programme_schemas_do_not_import_the_api():
    code = ("import sys, vigie_industrie.programme.schemas, vigie_industrie.programme.crud; "
            "print(sorted(m for m in sys.modules if m.startswith('vigie_industrie.api')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_only_the_connection_module_opens_duckdb():
    openers = []
    for path in (PACKAGE / "programme").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "connect" \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "duckdb":
                openers.append(f"{path.name}:{node.lineno}")
    assert openers == []


def test_doctests_of_the_hardening_helpers():
    import doctest

    from vigie_industrie.cli import programme as cli_programme
    from vigie_industrie.programme import spreadsheet

    for module in (spreadsheet, cli_programme):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__
