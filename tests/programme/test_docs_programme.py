"""docs/programme.md documents every programme endpoint and CLI command (datasette-style)."""

from __future__ import annotations

import re
from pathlib import Path

from vigie_industrie.api.app import create_app
from vigie_industrie.config import Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "programme.md"


def test_every_programme_path_is_documented(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    spec = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", env="test")).openapi()
    for path in spec["paths"]:
        if not path.startswith(("/api/v1/programme", "/api/v1/auth")):
            continue
        short = path.removeprefix("/api/v1")
        assert short in text, f"{path} absent de docs/programme.md"


def test_every_cli_command_is_documented():
    import typer.main

    from vigie_industrie.cli import app

    text = DOC.read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    for name in ("programme", "users"):
        for sub in group.commands[name].commands:
            assert re.search(rf"vigie {name} {sub}\b", text), f"vigie {name} {sub} absent de docs/programme.md"
