"""Fixtures of the web pages' tests: the app over the test warehouse, raw names from the mirror.

Expected names and codes are read from the mirror's official files (Etalab EPCI and commune
lists), never from the warehouse the app reads.
"""

from __future__ import annotations

import csv
import gzip
import json
import shutil

import pytest
from fastapi.testclient import TestClient

from vigie_industrie.config import Settings
from vigie_industrie.territories.codes import normalise_name


@pytest.fixture(scope="module")
def app_settings(warehouse_path, sqlite_template, tmp_path_factory) -> Settings:
    """A store of its own (perimeters created here stay here) over the shared test warehouse."""
    db = tmp_path_factory.mktemp("web-pages-store") / "vigie.db"
    shutil.copy(sqlite_template, db)
    return Settings(warehouse=warehouse_path, database_url=f"sqlite:///{db}", env="test")


@pytest.fixture(scope="module")
def client(app_settings):
    from vigie_industrie.api.app import create_app

    with TestClient(create_app(app_settings)) as c:
        yield c


@pytest.fixture(scope="session")
def raw_epci(mirror) -> dict[str, str]:
    with open(mirror / "etalab-decoupage-administratif" / "epci_2026.csv", encoding="utf-8", newline="") as f:
        return {r["siren_epci"]: r["nom_epci"] for r in csv.DictReader(f)}


@pytest.fixture(scope="session")
def raw_communes(mirror) -> dict[str, dict]:
    with gzip.open(mirror / "etalab-decoupage-administratif" / "communes_2026.json.gz", "rt", encoding="utf-8") as f:
        return {c["code"]: c for c in json.load(f) if c["type"] == "commune-actuelle"}


def word_prefix(name: str, query: str) -> bool:
    """Does a word of ``name`` start with ``query`` (both folded like the name index)?"""
    n, q = normalise_name(name), normalise_name(query)
    return n.startswith(q) or f" {q}" in f" {n}"


@pytest.fixture(scope="session")
def raw_population(raw_communes, mirror) -> dict[tuple[str, str], int]:
    """Population of every région, département and EPCI: the sum of its communes in the raw files."""
    with open(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv", encoding="utf-8", newline="") as f:
        epci_of = {r["code_commune"]: r["siren_epci"] for r in csv.DictReader(f)}
    out: dict[tuple[str, str], int] = {}
    for code, c in raw_communes.items():
        for key in (("region", c["region"]), ("departement", c["departement"]), ("epci", epci_of.get(code))):
            if key[1]:
                out[key] = out.get(key, 0) + int(c.get("population") or 0)
    return out
