"""One build at a time per warehouse; readers are never blocked; a killed build loses nothing.

Real ``vigie build`` processes on the mirror (no mocks): a second build while the first
holds the lock is refused with one French line and exit 14; readers querying the old
warehouse during a build always get an answer; ``kill -9`` of a build leaves the previous
warehouse byte-identical and complete, and the next build cleans what the killed one left.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vigie_industrie.warehouse import query as query_mod

pytestmark = pytest.mark.slow


def _start_build(mirror: Path, warehouse: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "vigie_industrie", "build", "--mirror", str(mirror), "--warehouse", str(warehouse)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _lock_held(warehouse: Path) -> bool:
    lock = warehouse.with_name(warehouse.name + ".lock")
    if not lock.exists():
        return False
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def _wait(predicate, proc: subprocess.Popen, what: str, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while not predicate():
        if proc.poll() is not None:
            pytest.fail(f"la construction s'est terminée avant {what} : {proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"{what} n'est jamais arrivé")
        time.sleep(0.02)


def _work_files(warehouse: Path) -> list[Path]:
    return sorted(warehouse.parent.glob(warehouse.name + ".building*"))


@pytest.fixture()
def old_warehouse(tmp_path, warehouse_path) -> Path:
    target = tmp_path / "warehouse.duckdb"
    shutil.copy(warehouse_path, target)
    return target


def test_kill_9_keeps_the_previous_warehouse_then_one_build_at_a_time_and_readers_keep_reading(old_warehouse, mirror):
    """One scenario, two full builds' worth of checks for the price of one (a build is the cost here):
    a build killed with -9 loses nothing; the next build runs and cleans the killed one's work file;
    while it runs, a second build is refused and readers of the old warehouse always get an answer."""
    before = old_warehouse.read_bytes()
    killed = _start_build(mirror, old_warehouse)
    # Kill once the work file has grown (models are running), not while it is still empty.
    _wait(
        lambda: any(p.stat().st_size > 1_000_000 for p in _work_files(old_warehouse) if p.exists()),
        killed, "l'écriture du fichier de travail",
    )
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait()
    assert old_warehouse.read_bytes() == before
    assert query_mod.run_readonly(old_warehouse, query_text="select count(*) from commune").rows[0][0] > 30_000
    leftovers = _work_files(old_warehouse)
    assert leftovers, "le fichier de travail du build tué devrait rester jusqu'au suivant"

    # The lock died with the process: the next build runs...
    first = _start_build(mirror, old_warehouse)
    _wait(lambda: _lock_held(old_warehouse) and not any(p.exists() for p in leftovers), first,
          "la prise du verrou et le nettoyage du build tué")
    # ... and while it holds the lock, a second build is refused with one French line and exit 14.
    second = subprocess.run(
        [sys.executable, "-m", "vigie_industrie", "build", "--mirror", str(mirror), "--warehouse", str(old_warehouse)],
        capture_output=True, text=True, timeout=300,
    )
    assert second.returncode == 14, second.stderr
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and "déjà en cours" in lines[0] and f"pid {first.pid}" in lines[0], second.stderr
    # Readers during the build: every query answers from a complete warehouse, none is blocked.
    answers, failures = 0, []
    while first.poll() is None:
        try:
            result = query_mod.run_readonly(old_warehouse, query_text="select count(*) from commune")
            assert result.rows[0][0] > 30_000
            answers += 1
        except Exception as exc:  # noqa: BLE001 - any failure is what this test counts
            failures.append(str(exc))
        time.sleep(0.05)  # a reader every 50 ms: a busy loop took a core from the build it watches
    out, err = first.communicate()
    assert first.returncode == 0, err
    assert failures == [] and answers > 0
    assert not any("Conflicting lock" in f for f in failures)
    assert _work_files(old_warehouse) == []
    assert query_mod.run_readonly(old_warehouse, query_text="select count(*) from territoire_industrie").rows == [(332,)]


def test_work_files_are_unique_per_build(tmp_path, monkeypatch):
    from vigie_industrie.warehouse import build as build_mod

    target = tmp_path / "wh.duckdb"
    names = {build_mod.work_file(target).name for _ in range(50)}
    assert len(names) == 50
    assert all(n.startswith(f"wh.duckdb.building-{os.getpid()}-") for n in names)
