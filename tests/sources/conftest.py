"""Fixtures for the source tests: the network is blocked, the mirror is ../shared/data."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from vigie_industrie import config


class NetworkBlocked(RuntimeError):
    pass


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Any socket connection fails loudly: tests never touch the network."""

    def refuse(*args, **kwargs):
        raise NetworkBlocked("network access is disabled in tests")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="session")
def mirror() -> Path:
    path = config.default_mirror()
    if path is None:
        pytest.skip("mirror ../shared/data not available")
    return path


@pytest.fixture
def small_mirror(tmp_path, mirror) -> Path:
    """A copy of a few small mirror folders, safe to damage."""
    out = tmp_path / "mirror"
    for source_id in ("urssaf-commune-ape-ze-rouen", "insee-tranches-effectifs", "bodacc-liquidations-plansde"):
        shutil.copytree(mirror / source_id, out / source_id)
    return out
