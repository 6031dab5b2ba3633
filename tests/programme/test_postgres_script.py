"""scripts/postgres.sh: keeps the command's exit code, cleans up, degrades with a clear message."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "postgres.sh"


def run(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, **(env or {})})


def test_without_postgres_runs_command_and_says_why(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "VIGIE_PG_BINDIRS": str(tmp_path / "nothing"), "VIGIE_PG_INSTALL": "0",
           "VIGIE_TEST_POSTGRES_URL": "", "VIGIE_TEST_POSTGRES_DIR": ""}
    if shutil.which("pg_ctl", path=env["PATH"]):
        pytest.skip("pg_ctl présent dans /usr/bin : ce cas ne peut pas être simulé ici")
    r = run("run", "bash", "-c", 'echo "url=${VIGIE_TEST_POSTGRES_URL:-absent}"; exit 7', env=env)
    assert r.returncode == 7
    assert "url=absent" in r.stdout
    assert "tests PostgreSQL ignorés" in r.stderr


@pytest.mark.slow
def test_run_starts_server_keeps_exit_code_and_cleans_up():
    if not any(Path("/usr/lib/postgresql").glob("*/bin/initdb")) and not shutil.which("initdb"):
        pytest.skip("PostgreSQL non installé sur cette machine")
    probe = 'echo "dir=$VIGIE_TEST_POSTGRES_DIR"; case "$VIGIE_TEST_POSTGRES_URL" in postgresql+psycopg://*) exit 3;; esac; exit 1'
    r = run("run", "bash", "-c", probe, env={"VIGIE_TEST_POSTGRES_DIR": ""})
    assert r.returncode == 3, r.stderr
    data_dir = r.stdout.split("dir=", 1)[1].strip()
    assert data_dir and not Path(data_dir).exists()
