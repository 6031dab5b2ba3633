"""The typed fiche on the real-mirror warehouse: one territory of every kind validates, keys
never carry a year, sources are numbered and cited once, OpenAPI documents the schema."""

from __future__ import annotations

import json
import re

import pytest

from vigie_industrie.fiches import service
from vigie_industrie.fiches.model import Fiche
from vigie_industrie.territories import kinds

# (query, phase, expected type): one territory of every kind.
EVERY_KIND = [
    ("62139", None, "commune"),
    ("200069037", None, "epci"),
    ("200057867", None, "ept"),
    ("ti-3209", 1, "territoire_industrie"),
    ("ti-3212", 2, "territoire_industrie"),
    ("3215", None, "zone_emploi"),
    ("62", None, "departement"),
    ("reg-32", None, "region"),
    ("circo-62-08", None, "circonscription"),
    ("fr", None, "france"),
]
YEAR = re.compile(r"\d{4}")


def _keys(value, path=""):
    """Every key of a JSON document, with its path."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield f"{path}.{k}", k
            yield from _keys(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _keys(v, f"{path}[{i}]")


def _cited(value):
    """Every source number a block, figure, series or table refers to."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "sources" and isinstance(v, list) and all(isinstance(n, int) for n in v):
                yield from v
            else:
                yield from _cited(v)
    elif isinstance(value, list):
        for v in value:
            yield from _cited(v)


@pytest.fixture(scope="module")
def fiches(warehouse_path):
    from vigie_industrie.warehouse.connection import WarehouseReader

    with WarehouseReader(warehouse_path) as reader:
        return {(q, p): service.fiche(reader.con, q, phase=p) for q, p, _ in EVERY_KIND}


def test_every_kind_is_covered():
    assert {t for _, _, t in EVERY_KIND} == {m.TYPE for m in kinds.all_kinds()}


@pytest.mark.parametrize(("query", "phase", "type_"), EVERY_KIND)
def test_fiche_validates_for_every_kind(fiches, query, phase, type_):
    fiche = fiches[(query, phase)]
    assert fiche.type == type_ and fiche.phase == phase
    data = json.loads(json.dumps(fiche.model_dump(mode="json")))
    assert Fiche.model_validate(data) == fiche
    assert fiche.nb_communes > 0
    assert (fiche.circonscription is not None) == (type_ == "circonscription")


@pytest.mark.parametrize(("query", "phase", "type_"), EVERY_KIND)
def test_no_key_contains_a_year(fiches, query, phase, type_):
    data = fiches[(query, phase)].model_dump(mode="json")
    bad = [path for path, key in _keys(data) if YEAR.search(key)]
    assert bad == []


@pytest.mark.parametrize(("query", "phase", "type_"), EVERY_KIND)
def test_sources_numbered_and_cited_once(fiches, query, phase, type_):
    fiche = fiches[(query, phase)]
    assert [s.numero for s in fiche.sources] == list(range(1, len(fiche.sources) + 1))
    assert len({s.id for s in fiche.sources}) == len(fiche.sources)  # each source once
    cited = set(_cited(fiche.model_dump(mode="json", exclude={"sources"})))
    assert cited == set(range(1, len(fiche.sources) + 1))  # every number used, none dangling
    for s in fiche.sources:
        assert s.attribution and s.fichiers, s.id  # short text, and the full rights in JSON


def test_one_spelling_for_level_and_notes(fiches):
    """Blocks say ``niveau`` and ``notes``, and cite sources by number (rights live in ``sources`` only)."""
    for fiche in fiches.values():
        keys = {k for _, k in _keys(fiche.model_dump(mode="json", exclude={"sources"}))}
        assert not keys & {"avertissement", "niveau_urssaf", "level", "vintage", "source", "licence"}
        assert "niveau" in keys and "notes" in keys


def test_france_is_a_territory(fiches, con):
    fiche = fiches[("fr", None)]
    assert (fiche.code, fiche.nom, fiche.libelle_type) == ("fr", "France", "France")
    # métropole and DROM: the collectivités d'outre-mer (the COG's zone 'com') are outside
    assert fiche.nb_communes == con.execute("select count(*) from commune where zone <> 'com'").fetchone()[0]
    assert fiche.enfants.total == 18 == con.execute("select count(*) from region where zone <> 'com'").fetchone()[0]


def test_cli_prints_sources_once_and_details_on_demand(warehouse_path, capsys):
    from vigie_industrie.cli import main

    def run(*args):
        main(["territoire", "62139", "--warehouse", str(warehouse_path), *args])  # no SystemExit: success
        return capsys.readouterr().out

    short, full = run(), run("--sources")
    block = short[short.index("Sources :"):]
    assert "[1]" in block and "Licence Ouverte" not in block
    assert "Licence Ouverte" in full[full.index("Sources :"):]
    assert len(block) < 700


def test_openapi_documents_the_fiche(settings):
    from fastapi.testclient import TestClient

    from vigie_industrie.api.app import create_app

    client = TestClient(create_app(settings))
    doc = client.get("/api/v1/openapi.json").json()
    ok = doc["paths"]["/api/v1/territoires/{code}"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/Fiche"}
    schemas = doc["components"]["schemas"]
    assert {"Fiche", "Bloc", "Chiffre", "Serie", "Tableau", "Source", "TerritoiresIndustrie", "Circonscription"} <= set(schemas)
    assert set(schemas["Chiffre"]["properties"]["niveau"]["anyOf"][0]["enum"]) == {
        "exact", "union de zones", "estimation", "calcul réutilisateur"
    }
    body = client.get("/api/v1/territoires/62139").json()
    assert Fiche.model_validate(body).code == "62139"


def test_api_warehouse_dependency_opens_on_a_miss_and_closes_after(settings, monkeypatch):
    """One cursor per request that needs one (a memoised fiche needs none), closed after; the
    process-wide read-only database is opened once per warehouse file version."""
    from fastapi.testclient import TestClient

    from vigie_industrie.api.app import create_app
    from vigie_industrie.fiches import service
    from vigie_industrie.warehouse import connection

    events: list[str] = []
    real_connect, real_cursor = connection.connect, connection._shared_cursor

    class Spy:
        def __init__(self, con):
            self._con = con

        def __getattr__(self, name):
            return getattr(self._con, name)

        def close(self):
            events.append("close")
            self._con.close()

    def spying_connect(path, *, read_only=True, sandbox=False):
        events.append("open" if read_only else "open-rw")
        return real_connect(path, read_only=read_only, sandbox=sandbox)

    def spying_cursor(path, version):
        events.append("cursor")
        return Spy(real_cursor(path, version))

    monkeypatch.setattr(connection, "connect", spying_connect)
    monkeypatch.setattr(connection, "_shared_cursor", spying_cursor)
    monkeypatch.setattr(connection, "_shared", {})  # as in a new process
    service.clear_memo()
    client = TestClient(create_app(settings))
    assert client.get("/api/v1/territoires/62040").status_code == 200
    assert events == ["cursor", "open", "close"]
    assert client.get("/api/v1/territoires/62040").status_code == 200  # memoised: no cursor
    assert events == ["cursor", "open", "close"]
    assert client.get("/api/v1/territoires/99999").status_code == 404  # a miss: a cursor, no new database
    assert events == ["cursor", "open", "close", "cursor", "close"]


def test_cli_fiche_has_no_column_repeating_the_territorys_own_figures(warehouse_path, capsys):
    """France's fiche has no « France » column nor rank 1/1, a région's no « Région » column: they
    would only repeat each figure; an EPCI keeps both."""
    from vigie_industrie.cli import main

    def columns(code: str) -> list[str]:
        main(["territoire", code, "--warehouse", str(warehouse_path)])
        out = capsys.readouterr().out
        lines = out.split("Chiffres clés", 1)[1].split("┏", 1)[1].split("┡", 1)[0].splitlines()
        header = [line for line in lines if line.startswith("┃")]  # the first table's header (cells may wrap)
        cells = [[c.strip() for c in line.strip("┃").split("┃")] for line in header]
        return [" ".join(filter(None, parts)) for parts in zip(*cells)]

    assert columns("fr") == ["Indicateur", "Valeur", "Période", "Niveau", "Src"]
    region = columns("reg-32")
    assert "Région" not in region and "France" in region and "Rang France" in region
    epci = columns("200069037")
    assert {"Région", "France", "Rang France"} <= set(epci), epci
