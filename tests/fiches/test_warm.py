"""Fiche warming (``fiches.warm``) and the JSON memo the API serves.

A warmed answer must be byte for byte the answer the request would compute, under the key the
request uses; ``/health`` reports how far warming went.
"""

from __future__ import annotations

import json
import os
import shutil

import pytest

from vigie_industrie.fiches import service, warm
from vigie_industrie.warehouse.connection import WarehouseReader, connect


@pytest.fixture()
def wh(tmp_path, warehouse_path):
    path = tmp_path / "wh.duckdb"
    shutil.copy(warehouse_path, path)
    service.clear_memo()
    yield path
    service.clear_memo()


def test_queries_cover_every_epci_ti_with_its_phase_and_france(wh):
    with WarehouseReader(wh) as reader:
        todo = warm.queries(reader)
    con = connect(wh)
    epci = {s for (s,) in con.execute("select siren_epci from epci").fetchall()}
    ti = set(con.execute("select territoire_id, phase from territoire_industrie").fetchall())
    con.close()
    assert epci and epci <= {q for q, _ in todo}
    assert ti <= set(todo)
    assert todo[0][0] in epci and todo[-1] == ("fr", None)  # EPCI first
    # « 32 » is the Hauts-de-France région and the Gers: warmed under the codes pages link to, so a
    # warmed key is a fiche, not a memoised ambiguity
    asked = {q for q, _ in todo}
    assert {"reg-32", "dep-32", "dep-62"} <= asked and "32" not in asked


def test_every_warmed_region_and_departement_code_resolves_to_itself(wh):
    """The warmed codes are the fiches pages link to: ``reg-975`` (a collectivité d'outre-mer, three
    digits) was a 404, memoised as such by the warm-up."""
    from vigie_industrie.territories import resolver

    with WarehouseReader(wh) as reader:
        todo = [q for q, _ in warm.queries(reader) if q.startswith(("reg-", "dep-"))]
        got = {q: resolver.resolve(reader.con, q) for q in todo}
        expected = reader.con.execute("select type, code from territoire where type in ('region', 'departement')").fetchall()
    assert "reg-975" in got and sorted((t.type, t.code) for t in got.values()) == sorted(expected)


def test_warmed_json_is_what_a_request_computes(wh, monkeypatch):
    monkeypatch.setattr(warm, "queries", lambda reader: [("200069037", None), ("ti-3212", 2), ("fr", None)])
    assert warm.warm_once(wh) == 3
    assert warm.status()["etat"] == "termine" and warm.status()["pretes"] == 3
    with WarehouseReader(wh) as reader:
        assert service.is_memoised(reader, "200069037")
        warmed = service.fiche_json_cached(reader, "200069037")
        fresh = service.fiche(reader.con, "200069037").model_dump_json().encode()
        assert warmed == fresh
        doc = json.loads(service.fiche_json_cached(reader, "ti-3212", phase=2))
        assert doc["type"] == "territoire_industrie" and doc["phase"] == 2


def test_a_page_after_the_warm_up_reads_the_warmed_json(wh, monkeypatch):
    """The web page's model memo is filled from the warmed JSON (no second build), to an equal model;
    a memoised lookup error is raised again, not rebuilt."""
    from vigie_industrie import errors

    monkeypatch.setattr(warm, "queries", lambda reader: [("200069037", None), ("ti-3212", 2), ("pas-un-territoire", None)])
    warm.warm_once(wh)
    built = []
    real = service.fiche
    monkeypatch.setattr(service, "fiche", lambda *a, **k: built.append(a[1]) or real(*a, **k))
    with WarehouseReader(wh) as reader:
        model = service.fiche_cached(reader, "200069037")
        again = service.fiche_cached(reader, "ti-3212", phase=2)
        with pytest.raises(errors.UnknownTerritory):
            service.fiche_cached(reader, "pas-un-territoire")
        assert built == []  # all three came from the warmed JSON memo
        assert model == real(reader.con, "200069037") and again.phase == 2
        service.fiche_cached(reader, "62119")  # not warmed: built
        assert built == ["62119"]
        # and the other way: the API's JSON of a fiche a page already built is dumped, not rebuilt
        assert service.fiche_json_cached(reader, "62119") == real(reader.con, "62119").model_dump_json().encode()
        assert built == ["62119"]


def test_a_new_file_version_is_not_served_from_the_old_memo(wh, monkeypatch):
    monkeypatch.setattr(warm, "queries", lambda reader: [("200069037", None)])
    warm.warm_once(wh)
    with WarehouseReader(wh) as reader:
        assert service.is_memoised(reader, "200069037")
    st = wh.stat()  # a rebuild swaps the file: a new (size, mtime)
    os.utime(wh, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    with WarehouseReader(wh) as reader:
        assert not service.is_memoised(reader, "200069037")


def test_health_reports_warming(settings):
    from fastapi.testclient import TestClient

    from vigie_industrie.api.app import create_app

    with TestClient(create_app(settings)) as client:
        body = client.get("/health").json()
    assert "etat" in body["fiches"]


def test_api_serves_a_memoised_fiche_without_the_thread_pool(settings, monkeypatch):
    """A hit (warmed or asked before) is answered on the event loop with the very bytes a build
    gives; only a miss goes to a worker thread (``api.builds``). A memoised unknown name is the same
    404 both times."""
    from fastapi.testclient import TestClient

    from vigie_industrie.api import builds
    from vigie_industrie.api.app import create_app

    service.clear_memo()
    pooled = []
    real = builds.run

    async def spy(fn, *args):
        pooled.append(args[3])  # the code asked
        return await real(fn, *args)

    monkeypatch.setattr(builds, "run", spy)
    client = TestClient(create_app(settings))
    first = client.get("/api/v1/territoires/200069037")
    again = client.get("/api/v1/territoires/200069037")
    assert first.status_code == again.status_code == 200 and first.content == again.content
    with WarehouseReader(settings.warehouse) as reader:
        assert first.content == service.fiche(reader.con, "200069037").model_dump_json().encode()
    unknown = [client.get("/api/v1/territoires/pas-un-territoire") for _ in range(2)]
    assert [r.status_code for r in unknown] == [404, 404] and unknown[0].json() == unknown[1].json()
    assert pooled == ["200069037", "pas-un-territoire"]  # each built once, then served from the memo
    service.clear_memo()


def test_the_warm_up_stops_with_the_app(settings):
    """Shutdown (the lifespan's end) stops the warm-up job mid-way, its thread joined."""
    import threading
    import time

    from fastapi.testclient import TestClient

    from vigie_industrie import jobs
    from vigie_industrie.api.app import create_app

    service.clear_memo()
    with TestClient(create_app(settings.model_copy(update={"warm_fiches": True}))):
        for _ in range(200):
            if warm.status()["etat"] == "en_cours":
                break
            time.sleep(0.01)
        assert jobs.is_running(warm.JOB)
    assert not jobs.is_running(warm.JOB) and warm.status()["etat"] == "arrete"
    assert not [t for t in threading.enumerate() if t.name == f"vigie-job-{warm.JOB}"]
    service.clear_memo()


def test_a_first_warmer_runs_before_the_fiches_and_its_error_stops_nothing(wh, monkeypatch):
    from vigie_industrie import errors

    order = []
    monkeypatch.setattr(warm, "queries", lambda reader: [("fr", None)])
    real = service.fiche_json_cached

    def fiche(reader, query, phase=None):
        order.append(query)
        return real(reader, query, phase=phase)

    monkeypatch.setattr(service, "fiche_json_cached", fiche)

    def first(reader):
        order.append("carte")
        assert reader.con.execute("select count(*) from territoire").fetchone()[0] > 0  # the file being warmed
        raise errors.NotFound("pas de contours")

    assert warm.warm_once(wh, first=(first,)) == 1
    assert order == ["carte", "fr"] and warm.status()["etat"] == "termine"
