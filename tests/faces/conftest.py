"""Fixtures of the observatory faces: the Audomarois read from the mirror, a store per test.

The Audomarois is the phase-2 Territoire d'industrie « Pays de Saint-Omer » (ti-3212): its
two EPCI are read from the ANCT groupings file of the mirror, and their communes and
populations from the Etalab commune → EPCI file, never from the warehouse under test.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from vigie_industrie.programme import models, users
from vigie_industrie.programme.authz import Actor


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def audomarois(mirror) -> dict:
    """EPCI of ti-3212 phase 2, their communes and the population of each (mirror files)."""
    groupings = read_csv(mirror / "anct-territoires-industrie" / "ti_phase2_2023-2027_groupements.csv")
    epci = sorted(r["siren_groupement"] for r in groupings if r["id_ti"] == "ti-3212")
    communes = [r for r in read_csv(mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv")
                if r["siren_epci"] in epci]
    return {
        "epci": epci,
        "communes": sorted(r["code_commune"] for r in communes),
        "population_par_epci": {e: sum(int(r["population"]) for r in communes if r["siren_epci"] == e) for e in epci},
    }


def make_user(store, email: str, role: str, **scope) -> Actor:
    with store.transaction() as session:
        user = models.User(email=email, nom=email.split("@")[0], role=role, password_hash="x", **scope)
        session.add(user)
        session.flush()
        return users.actor_of(user)


@pytest.fixture
def actors(store) -> dict[str, Actor]:
    return {
        "admin": make_user(store, "admin@test.invalid", "admin"),
        "epci": make_user(store, "epci@test.invalid", "epci", code_region="32", siren_epci="200069037"),
        "region": make_user(store, "region@test.invalid", "region", code_region="32"),
        "lecteur": make_user(store, "lecteur@test.invalid", "lecteur"),
        "anonyme": Actor.anonymous(),
    }
