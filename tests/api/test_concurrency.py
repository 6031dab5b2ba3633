"""Concurrent writers lose no update: optimistic locking, conflicts answered with 409.

A real uvicorn server on 127.0.0.1 (bounded: 20 clients × 1 increment each, 60 s cap).
"""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest
import uvicorn

from vigie_industrie.programme import crud, models, schemas
from vigie_industrie.programme.authz import Actor

from .conftest import create_row

CLIENTS = 20


@pytest.fixture
def server(env):
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    config = uvicorn.Config(env.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert srv.started, "le serveur de test n'a pas démarré"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


def test_twenty_clients_updating_one_projet_lose_nothing(env, server):
    projet = create_row(env.store, "projets", "own", emplois_prevus=0)
    url = f"{server}/api/v1/projets/{projet.id}"
    headers = env.headers("region")
    conflicts, failures = [], []
    barrier = threading.Barrier(CLIENTS)

    def worker(n: int) -> None:
        with httpx.Client(headers=headers, timeout=30) as client:
            barrier.wait()
            stop = time.monotonic() + 60
            while time.monotonic() < stop:
                current = client.get(url).json()
                r = client.patch(url, json={"version": current["version"], "emplois_prevus": current["emplois_prevus"] + 1})
                if r.status_code == 200:
                    return
                if r.status_code == 409:
                    assert r.headers["content-type"].startswith("application/problem+json")
                    conflicts.append(n)
                    continue
                failures.append((r.status_code, r.text))
                return
            failures.append(("timeout", n))

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    assert not failures, failures
    final = httpx.get(url).json()
    assert final["emplois_prevus"] == CLIENTS
    assert final["version"] == CLIENTS + 1
    with env.store.session() as session:
        from sqlalchemy import func, select

        n_audit = session.scalar(select(func.count()).select_from(models.AuditEvent).where(
            models.AuditEvent.entity == "projets", models.AuditEvent.action == "update"))
    assert n_audit == CLIENTS


def test_stale_write_detected_at_flush(store):
    """Two sessions read version 1; the second writer is refused even if it sent version 1."""
    actor = Actor.system("test")
    data = schemas.ProjetCreate(territoire_id="ti-3212", phase=2, siren_epci="200072460", titre="A", enjeu="innover")
    with store.transaction() as s:
        pid = crud.create(session=s, resource="projets", data=data, actor=actor).id
    from vigie_industrie import errors

    second = store.write_session()
    try:
        row2 = second.get(models.Projet, pid)  # loaded at version 1, kept after commit
        second.commit()
        with store.transaction() as first:
            crud.update(session=first, resource="projets", ident=pid,
                        data=schemas.ProjetUpdate(version=1, titre="C"), actor=actor)
        row2.titre = "B"  # a writer still holding version 1
        with pytest.raises(errors.Conflict):
            crud._flush(second, "projets", pid)
        second.rollback()
    finally:
        second.close()
    with store.session() as s:
        assert s.get(models.Projet, pid).titre == "C"
