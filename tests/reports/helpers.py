"""Helpers of the fiche tests: the tools they read PDFs with, the CLI in-process."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROUEN = "200023414"  # Métropole Rouen Normandie: the one EPCI whose commune × APE file is in the mirror


def system_tool(name: str) -> str:
    """The path of a Debian tool the tests need, installed by scripts/system-deps.sh when missing."""
    if shutil.which(name) is None:
        subprocess.run(["bash", str(ROOT / "scripts" / "system-deps.sh")], check=False)
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} introuvable même après scripts/system-deps.sh : installez-le (paquets Debian).")
    return path


def vigie(argv: list[str]) -> int:
    from vigie_industrie.cli import main

    try:
        main(argv)
    except SystemExit as exc:
        return exc.code or 0
    return 0


def norm(text: str) -> str:
    """Text compared whitespace-insensitively (narrow no-break and no-break spaces as spaces)."""
    return " ".join(text.replace("\u202f", " ").replace("\u00a0", " ").split())
