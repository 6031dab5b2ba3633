"""Territorial facts on the warehouse built from the mirror, against the raw commune file."""

from __future__ import annotations

import csv

import pytest

from vigie_industrie import errors
from vigie_industrie.programme import territorial
from vigie_industrie.programme.authz import Actor


def _raw_epci(mirror, siren):
    path = mirror / "etalab-decoupage-administratif" / "communes_epci_2026.csv"
    with path.open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["siren_epci"] == siren]
    return {r["code_region"] for r in rows}, {r["code_departement"] for r in rows}, len(rows)


def test_facts_match_the_raw_commune_file(warehouse_path, mirror):
    siren = "200069193"  # CC de la Dombes, chosen from the raw file
    regions, departements, n = _raw_epci(mirror, siren)
    assert n > 0
    facts = territorial.load_facts(warehouse_path, [{"siren_epci": siren}, {"siren_epci": "356000000"}])
    assert set(facts.epcis) == {siren}
    assert facts.epcis[siren].regions == regions and facts.epcis[siren].departements == departements


def test_la_poste_refused_on_the_real_warehouse(warehouse_path):
    values = {"territoire_id": "ti-3212", "phase": 2, "siren_epci": "356000000"}
    facts = territorial.load_facts(warehouse_path, [values])
    with pytest.raises(errors.ValidationFailed, match="356000000"):
        territorial.check_row(facts, actor=Actor.system("test"), resource="projets", values=values)
