"""A small stand-in for the warehouse runner: loads this source's raw tables and the
administrative-geography marts the constituency models join, then runs the constituency
staging and mart SQL files. Used until (and beside) the session warehouse fixture.
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
            {"code_commune_ancien": c["code"], "code_commune": c["chefLieu"], "nom": c["nom"], "type": c["type"]}
            for c in communes
            if c["type"] in ("commune-deleguee", "commune-associee")
        ]
    )
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


def load_foundation_standins(con: duckdb.DuckDBPyConnection, mirror: Path) -> None:
    """Simplified stand-ins for the foundation marts a constituency fiche joins (same names
    and columns as the lead's contract), built straight from the mirror files."""
    geo = mirror / "etalab-decoupage-administratif"
    ze = mirror / "insee-zones-emploi-chomage"
    ti = mirror / "anct-territoires-industrie"
    epci = pd.read_csv(geo / "epci_2026.csv", dtype=str)
    epci = epci.rename(columns={"population_municipale": "population"})[
        ["siren_epci", "nom_epci", "type_epci", "population", "nb_communes"]
    ]
    epci["population"] = epci["population"].astype(int)
    epci["nb_communes"] = epci["nb_communes"].astype(int)
    zone = pd.read_csv(ze / "ze2020_liste_cog2023.csv", dtype=str).rename(
        columns={"ZE2020": "code_ze", "LIBZE2020": "nom_ze"})[["code_ze", "nom_ze"]]
    cze = pd.read_csv(ze / "ze2020_composition_communale_cog2023.csv", dtype=str, keep_default_na=False)
    cze = cze.rename(columns={"CODGEO": "code_commune", "ZE2020": "code_ze",
                              "ZE2020_PARTIE_REG": "code_ze_partie_regionale"})[
        ["code_commune", "code_ze", "code_ze_partie_regionale"]]
    cho = pd.read_csv(ze / "chomage_ze2020_trimestriel_2003T1-2023T3.csv", dtype=str)
    cho = cho.drop(columns=["LIBZE2020", "REG", "LIBREG"]).melt(
        id_vars="ZE2020", var_name="trimestre", value_name="taux_chomage").rename(columns={"ZE2020": "code_ze"})
    cho = cho.dropna()
    cho["taux_chomage"] = cho["taux_chomage"].astype(float)
    cho["annee"] = cho["trimestre"].str[:4].astype(int)
    tis, membres = [], []
    for phase, name in [(1, "ti_phase1_2018-2022_groupements.csv"), (2, "ti_phase2_2023-2027_groupements.csv")]:
        g = pd.read_csv(ti / name, dtype=str)
        nom_col = "nom_groupement_cog2024" if phase == 1 else "lib_groupement"
        tis.append(g[["id_ti", "lib_ti", "insee_reg", "lib_reg"]].drop_duplicates().rename(
            columns={"id_ti": "territoire_id", "lib_ti": "nom", "insee_reg": "code_region", "lib_reg": "nom_region"}
        ).assign(phase=phase))
        membres.append(g.rename(columns={"id_ti": "territoire_id", "siren_groupement": "siren_membre",
                                         nom_col: "nom_membre", "nature_groupement_2024": "nature_membre"})[
            ["territoire_id", "siren_membre", "nom_membre", "nature_membre"]].assign(phase=phase))
    ti_df = pd.concat(tis)
    membre = pd.concat(membres)
    membre["kind"] = membre["nature_membre"].map(lambda n: "commune" if n == "COM" else "epci")
    c24 = pd.read_csv(geo / "communes_epci_2024.csv", dtype=str)
    by_epci = c24[["code_commune", "siren_epci"]].merge(membre, left_on="siren_epci", right_on="siren_membre")
    by_com = c24[["code_commune", "siren_commune"]].merge(membre, left_on="siren_commune", right_on="siren_membre")
    cti = pd.concat([by_epci, by_com])[["code_commune", "phase", "territoire_id"]].drop_duplicates()
    pop = pd.read_csv(mirror / "insee-populations-legales-communes" / "populations_legales_communes_2016_2023_long.csv.gz",
                      dtype=str)
    pop = pop.rename(columns={"millesime_population": "annee", "geographie_cog": "cog_annee"})
    pop = pop.dropna(subset=["population_municipale"])
    pop = pop[["code_commune", "annee", "population_municipale", "cog_annee"]].astype(
        {"annee": int, "population_municipale": int, "cog_annee": int})
    urssaf = pd.read_csv(mirror / "ptod-emploi-ze-secteurs" / "urssaf_effectifs_total_par_territoire_2014_2024.csv.gz",
                         dtype=str)
    urssaf = urssaf[urssaf["echelon"] == "communes"]
    emploi = pd.DataFrame({"source": "urssaf", "niveau": "commune", "code": urssaf["code"],
                           "annee": urssaf["year"].astype(int), "emploi": urssaf["eff_total"].astype(float)})
    frames = [("epci", epci), ("zone_emploi", zone), ("commune_zone_emploi", cze),
              ("chomage_zone_emploi", cho), ("territoire_industrie", ti_df),
              ("territoire_industrie_membre", membre), ("commune_territoire_industrie", cti),
              ("population", pop), ("emploi_total", emploi)]
    for name, frame in frames:
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


def build(mirror: Path, path: Path | str = ":memory:", foundation: bool = True) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    load_raw(con, mirror)
    load_geography(con, mirror)
    if foundation:
        load_foundation_standins(con, mirror)
    run_models(con)
    return con
