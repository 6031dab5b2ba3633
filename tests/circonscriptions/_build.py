"""A small stand-in for the warehouse runner, for the fast tests: loads this source's raw tables
and minimal `commune`, `commune_historique`, `departement`, `region` marts (COG 2026, from the
etalab file), then runs the constituency staging and mart SQL files (about 1 s). The slow tests
use the real warehouse instead.
"""

from __future__ import annotations

import gzip
import importlib
import json
from importlib import resources
from pathlib import Path

import duckdb
import pandas as pd

from vigie_industrie.sources import catalogue

SOURCE_ID = "insee-circonscriptions-legislatives"
SQL = resources.files("vigie_industrie.warehouse") / "sql"
STAGING = [
    "stg_insee_circonscriptions_legislatives__composition",
    "stg_insee_circonscriptions_legislatives__deputes",
    "stg_insee_circonscriptions_legislatives__indicateurs",
    "stg_insee_circonscriptions_legislatives__indicateurs_libelles",
    "stg_insee_circonscriptions_legislatives__contours",
]
MARTS = [
    "circonscription_commune",
    "circonscription_commune_anomalie",
    "depute",
    "circonscription",
    "circonscription_indicateur_insee",
    "circonscription_contour",
]


def load_raw(con: duckdb.DuckDBPyConnection, mirror: Path) -> None:
    source = catalogue.get_source(SOURCE_ID)
    con.execute("create schema if not exists raw")
    for f in source.files:
        table = catalogue.raw_table_name(SOURCE_ID, f.table)
        path = f.path(mirror, SOURCE_ID)
        if f.reader:
            module, func = f.reader.split(":")
            getattr(importlib.import_module(module), func)(con, path, table)
        else:
            con.execute(
                f"create table {table} as select * from read_csv(?, all_varchar = true, header = true,"
                f" delim = ?, skip = ?, quote = '\"')",
                [str(path), f.delimiter, f.skip_lines],
            )


def load_geography(con: duckdb.DuckDBPyConnection, mirror: Path) -> None:
    """Minimal `commune`, `commune_historique`, `departement`, `region` (COG 2026) marts."""
    base = mirror / "etalab-decoupage-administratif"
    communes = json.load(gzip.open(base / "communes_2026.json.gz"))
    current = pd.DataFrame(
        [
            {
                "code_commune": c["code"],
                "nom_commune": c["nom"],
                "code_departement": c.get("departement"),
                "code_region": c.get("region"),
                "population": c.get("population"),
                "cog_annee": 2026,
            }
            for c in communes
            if c["type"] == "commune-actuelle"
        ]
    )
    epci = pd.read_csv(base / "communes_epci_2026.csv", dtype=str)[["code_commune", "siren_epci"]]
    current = current.merge(epci, on="code_commune", how="left")
    historique = pd.DataFrame(
        [
            {"code_commune_ancien": c["code"], "code_commune": c["chefLieu"], "nom": c["nom"], "type_lien": c["type"]}
            for c in communes
            if c["type"] in ("commune-deleguee", "commune-associee")
        ]
        + [
            {"code_commune_ancien": old, "code_commune": c["code"], "nom": c["nom"], "type_lien": "ancien code"}
            for c in communes
            if c["type"] == "commune-actuelle"
            for old in c.get("anciensCodes") or []
        ]
    ).drop_duplicates("code_commune_ancien")
    deps = pd.DataFrame(
        [{"code_departement": d["code"], "nom_departement": d["nom"], "code_region": d.get("region"),
          "type_liaison": d.get("typeLiaison")}
         for d in json.load(open(base / "departements_2026.json", encoding="utf-8"))]
    )
    regs = pd.DataFrame(
        [{"code_region": r["code"], "nom_region": r["nom"]}
         for r in json.load(open(base / "regions_2026.json", encoding="utf-8"))]
    )
    for name, frame in [("commune", current), ("commune_historique", historique),
                        ("departement", deps), ("region", regs)]:
        con.register("_frame", frame)
        con.execute(f"create table {name} as select * from _frame")
        con.unregister("_frame")


def run_models(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists staging")
    for name in STAGING:
        sql = (SQL / "staging" / f"{name}.sql").read_text(encoding="utf-8")
        con.execute(f"create or replace view staging.{name} as {sql}")
    for name in MARTS:
        sql = (SQL / "marts" / f"{name}.sql").read_text(encoding="utf-8")
        con.execute(f"create or replace table {name} as {sql}")


def build(mirror: Path, path: Path | str = ":memory:") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    load_raw(con, mirror)
    load_geography(con, mirror)
    run_models(con)
    return con
