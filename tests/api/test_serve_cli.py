"""`vigie serve --warehouse PATH --workers N`: the warehouse option reaches every worker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import httpx
import pytest

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_with_warehouse_option_and_two_workers(tmp_path, warehouse_path):
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIGIE_")}
    env["VIGIE_DATABASE_URL"] = f"sqlite:///{tmp_path / 'vigie.db'}"
    env["VIGIE_ENV"] = "test"
    proc = subprocess.Popen(
        [sys.executable, "-m", "vigie_industrie", "serve", "--port", str(port), "--workers", "2", "--sans-prechauffage",
         "--warehouse", str(warehouse_path)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, cwd=tmp_path,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert proc.poll() is None, proc.stdout.read()
            assert time.monotonic() < deadline, "le serveur n'a pas démarré"
            time.sleep(0.2)
        health = httpx.get(f"{base}/health").json()
        assert health["warehouse"] == {"present": True, "utilisable": True, "detail": None}
        for _ in range(8):  # several requests: whichever worker answers has the warehouse
            fiche = httpx.get(f"{base}/api/v1/territoires/62139", timeout=30)
            assert fiche.status_code == 200 and fiche.json()["nom"] == "Blendecques"
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
    assert out.count("Started server process") == 2, out


def test_serve_help_lists_the_options():
    result = subprocess.run([sys.executable, "-m", "vigie_industrie", "serve", "--help"], capture_output=True, text=True)
    assert "--warehouse" in result.stdout and "--workers" in result.stdout
