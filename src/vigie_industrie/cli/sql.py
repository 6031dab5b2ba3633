"""`vigie sql` commands (to be filled by its capability)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    pass
