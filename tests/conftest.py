"""Shared fixtures: the real mirror, a warehouse built from it once per test worker.

Network access is refused for every test: tests read ``../shared/data`` (the mirror).
"""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from vigie_industrie.config import Settings, default_mirror


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("Accès réseau interdit pendant les tests : lisez le miroir ../shared/data.")

    real_connect = socket.socket.connect

    def guarded(self, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1")):
            return real_connect(self, address)
        if self.family == getattr(socket, "AF_UNIX", None):
            return real_connect(self, address)
        refuse()

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def mirror() -> Path:
    path = default_mirror()
    if path is None:
        pytest.fail("Miroir ../shared/data introuvable : les tests lisent les fichiers officiels du miroir.")
    return path


@pytest.fixture(scope="session")
def warehouse_path(tmp_path_factory, mirror) -> Path:
    """A warehouse built from the mirror, once per worker."""
    from vigie_industrie.warehouse import build

    target = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    build.build(warehouse=target, base_dir=mirror)
    return target


@pytest.fixture()
def con(warehouse_path):
    from vigie_industrie.warehouse import connection

    connection_ = connection.connect(warehouse_path)
    yield connection_
    connection_.close()


@pytest.fixture(scope="session")
def settings(warehouse_path, tmp_path_factory) -> Settings:
    db = tmp_path_factory.mktemp("store") / "vigie.db"
    return Settings(warehouse=warehouse_path, database_url=f"sqlite:///{db}", env="test")
