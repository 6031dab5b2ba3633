"""Fiches the API has not memoised are built a few at a time, and memoised ones never wait for them.

Builds are held inside ``fiche_document`` (an event) so the test sees exactly how many run at once
while more are asked than the limit, and that a memoised fiche is answered meanwhile. With misses
sent to the default thread pool, all of them ran at once (seen failing: 6 of 6).
"""

from __future__ import annotations

import asyncio
import threading
import time

import httpx

from conftest import provision_database
from vigie_industrie.api import builds
from vigie_industrie.api.routes import territoires
from vigie_industrie.fiches import service
from vigie_industrie.warehouse.connection import WarehouseReader

from .conftest import make_app

# Communes of the mirror (current COG codes): never warmed, so each one is a build.
COLD = ("62765", "62119", "62498", "59350", "62193", "59183")
WARM = "200069037"  # CA du Pays de Saint-Omer, memoised before the burst


def test_misses_are_built_a_few_at_a_time_and_hits_answer_meanwhile(warehouse_path, tmp_path, sqlite_template,
                                                                   monkeypatch):
    app = make_app(provision_database("sqlite", tmp_path, sqlite_template, "builds"), warehouse=warehouse_path)
    service.clear_memo()
    reader = WarehouseReader(warehouse_path)
    try:
        service.fiche_json_cached(reader, WARM)
    finally:
        reader.close()

    real = territoires.fiche_document
    release = threading.Event()
    lock = threading.Lock()
    state = {"active": 0, "most": 0}

    def held(*args):
        with lock:
            state["active"] += 1
            state["most"] = max(state["most"], state["active"])
        try:
            assert release.wait(30), "builds never released"
            return real(*args)
        finally:
            with lock:
                state["active"] -= 1

    monkeypatch.setattr(territoires, "fiche_document", held)
    monkeypatch.setattr(builds, "BUILDERS", 2)

    async def burst():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test", timeout=60) as client:
            cold = [asyncio.create_task(client.get(f"/api/v1/territoires/{code}")) for code in COLD]
            deadline = time.monotonic() + 10
            while state["active"] < 2 and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.3)  # time for more builds to start, were they allowed to
            hit = await client.get(f"/api/v1/territoires/{WARM}")
            # answered while both builders were still held: a hit queued behind them would only
            # come back once a held build gave up (the 30 s guard), with fewer of them active
            held_while_hit, most_while_held = state["active"], state["most"]
            release.set()
            answers = await asyncio.gather(*cold)
        return hit, held_while_hit, most_while_held, answers

    outcome: list = []

    def in_own_loop():
        try:
            outcome.append(asyncio.run(burst()))
        except BaseException as exc:  # noqa: BLE001 - raised again in the test's thread
            outcome.append(exc)

    # in a thread of its own: a test before this one may have left an event loop running in this one
    runner = threading.Thread(target=in_own_loop)
    try:
        runner.start()
        runner.join(90)
        assert outcome, "la rafale de requêtes n'a pas abouti en 90 s"
        if isinstance(outcome[0], BaseException):
            raise outcome[0]
        hit, held_while_hit, most, answers = outcome[0]
    finally:
        release.set()
        service.clear_memo()
    assert most == 2, f"{most} constructions simultanées pour une limite de 2"
    assert hit.status_code == 200 and hit.json()["code"] == WARM
    assert held_while_hit == 2, "la fiche mémorisée a attendu les constructions"
    assert [a.status_code for a in answers] == [200] * len(COLD)
    assert {a.json()["code"] for a in answers} == set(COLD)
