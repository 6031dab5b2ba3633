"""Firm-level signals on small Sirene- and BODACC-format files generated here (SYNTHETIC values).

The files carry the official headers (StockEtablissement; the DILA « annonces commerciales »
export); every SIREN, SIRET and name below is made up. Communes, NAF and headcount bands are the
real reference tables of the mirror warehouse.
"""

from __future__ import annotations

import csv
import json

import duckdb
import pytest

from tests.cli_helpers import run
from vigie_industrie import errors
from vigie_industrie.alerts import firms
from vigie_industrie.sources import bodacc_annonces, sirene_stock

SIRENE_HEADER = [
    "siren", "nic", "siret", "statutDiffusionEtablissement", "dateCreationEtablissement", "trancheEffectifsEtablissement",
    "anneeEffectifsEtablissement", "activitePrincipaleRegistreMetiersEtablissement", "dateDernierTraitementEtablissement",
    "etablissementSiege", "nombrePeriodesEtablissement", "codePostalEtablissement", "libelleCommuneEtablissement",
    "codeCommuneEtablissement", "dateDebut", "etatAdministratifEtablissement", "enseigne1Etablissement",
    "enseigne2Etablissement", "enseigne3Etablissement", "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement", "nomenclatureActivitePrincipaleEtablissement", "caractereEmployeurEtablissement",
]
# siren, nic, tranche, commune, état, nom (SYNTHETIQUE), NAF, employeur
ETABLISSEMENTS = [
    ("000000017", "00011", "22", "62119", "A", "SYNTHETIQUE PNEUS BETHUNE", "22.11Z", "O"),   # judged, 100-199
    ("000000017", "00029", "12", "76540", "A", "SYNTHETIQUE PNEUS ROUEN", "22.11Z", "O"),     # judged, 20-49
    ("000000017", "00037", "NN", "76540", "A", "SYNTHETIQUE DEPOT", "52.10B", "N"),          # judged, not an employer
    ("000000017", "00045", "21", "62119", "F", "SYNTHETIQUE FERME", "22.11Z", "O"),          # judged, closed
    ("000000025", "00018", "31", "59350", "A", "SYNTHETIQUE SAINE", "25.62A", "O"),          # not judged
    ("94130994", "00016", "41", "76451", "A", "SYNTHETIQUE PAPETERIE", "17.12Z", "O"),       # judged (8-digit SIREN)
]
BODACC_HEADER = ["id", "publicationavis", "dateparution", "numeroannonce", "typeavis", "familleavis", "familleavis_lib",
                 "numerodepartement", "tribunal", "commercant", "ville", "registre", "cp", "jugement"]


@pytest.fixture()
def files(tmp_path):
    sirene = tmp_path / "StockEtablissement_utf8.csv"
    with sirene.open("w", newline="", encoding="utf-8") as h:
        w = csv.DictWriter(h, SIRENE_HEADER)
        w.writeheader()
        for siren, nic, tranche, commune, etat, nom, naf, employeur in ETABLISSEMENTS:
            w.writerow({"siren": siren, "nic": nic, "siret": siren.zfill(9) + nic, "trancheEffectifsEtablissement": tranche,
                        "anneeEffectifsEtablissement": "2022", "etablissementSiege": "false",
                        "codeCommuneEtablissement": commune, "etatAdministratifEtablissement": etat,
                        "denominationUsuelleEtablissement": nom, "activitePrincipaleEtablissement": naf,
                        "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
                        "caractereEmployeurEtablissement": employeur})
    bodacc = tmp_path / "annonces.csv"
    with bodacc.open("w", newline="", encoding="utf-8") as h:
        w = csv.DictWriter(h, BODACC_HEADER, delimiter=";")
        w.writeheader()
        w.writerow({"id": "A2024SYNTH1", "dateparution": "2024-03-05", "familleavis": "collective",
                    "registre": "000000017,000 000 017", "numerodepartement": "62", "ville": "Béthune",
                    "jugement": json.dumps({"type": "initial", "famille": "Jugement d'ouverture",
                                            "nature": "Jugement d'ouverture de liquidation judiciaire", "date": "2024-02-27"},
                                           ensure_ascii=False)})
        w.writerow({"id": "A2024SYNTH2", "dateparution": "2024-04-02", "familleavis": "creation",
                    "registre": "000000025", "jugement": ""})  # not a collective procedure: ignored
    return sirene, bodacc


@pytest.fixture()
def con(warehouse_path, files):
    sirene, bodacc = files
    c = duckdb.connect()
    c.execute(f"attach '{warehouse_path}' as wh (read_only)")
    for view in ("commune", "naf", "tranche_effectifs", "bodacc_jugement"):
        c.execute(f"create view {view} as select * from wh.{view}")
    assert sirene_stock.load(c, sirene) == 6
    assert bodacc_annonces.load(c, bodacc) == 1
    yield c
    c.close()


def test_readers_keep_the_official_codes(con):
    rows = con.execute(f"select siret, siren, code_naf from {sirene_stock.DEFAULT_TABLE} order by siret").fetchall()
    assert ("09413099400016", "094130994", "1712Z") in rows  # 8-digit SIREN padded, NAF without the dot
    j = con.execute(f"select siren, date_jugement, nature_jugement from {bodacc_annonces.DEFAULT_TABLE}").fetchall()
    assert [(s, str(d), n) for s, d, n in j] == [("000000017", "2024-02-27", "jugement d'ouverture de liquidation judiciaire")]


def test_affected_employer_establishments(con):
    rows = firms.establishments(con)
    by_siret = {r["siret"]: r for r in rows}
    # largest band first (the mirror-judged paper mill, 500-999), then the two active employer sites of the
    # company judged in the BODACC file; not its depot, nor its closed site, nor the healthy firm
    assert list(by_siret) == ["09413099400016", "00000001700011", "00000001700029"]
    assert "00000001700037" not in by_siret and "00000001700045" not in by_siret and "00000002500018" not in by_siret
    bethune = by_siret["00000001700011"]
    assert bethune["nom_commune"] == "Béthune" and bethune["libelle_tranche"] == "100 à 199 salariés"
    assert bethune["is_industrie"] and bethune["date_jugement"] == "2024-02-27"
    assert bethune["source_jugement"] == "dila-bodacc-annonces"
    assert [r["siret"] for r in firms.establishments(con, departement="76")] == ["09413099400016", "00000001700029"]
    assert [r["siret"] for r in firms.establishments(con, departement="62")] == ["00000001700011"]


def test_mirror_extract_judgments_are_placed_too(con):
    """SIREN 94130994 (RCS without its leading zero) is a real judgment of the mirror's 2020-21 extract."""
    judged = {r[0] for r in con.execute("select siren from bodacc_jugement").fetchall()}
    assert "094130994" in judged
    rows = [r for r in firms.establishments(con) if r["siren"] == "094130994"]
    assert rows and rows[0]["source_jugement"] == "bodacc-liquidations-plansde"


def test_judgments_by_commune(con):
    rows = {(r["code_commune"], r["annee"]): r for r in firms.judgments_by_commune(con)}
    bethune = rows[("62119", 2024)]
    assert bethune["entreprises_jugees"] == 1 and bethune["etablissements_employeurs"] == 2  # active and closed sites
    assert bethune["effectif_min"] == 100 + 50


def test_missing_stock_is_one_french_line(warehouse_path, capsys):
    code, out, err = run(["alertes", "etablissements", "--warehouse", str(warehouse_path)], capsys)
    assert code == errors.WarehouseMissing.exit_code
    assert "non disponible hors miroir" in err and len(err.strip().splitlines()) == 1


def test_sirene_file_without_required_column_is_refused(tmp_path):
    bad = tmp_path / "stock.csv"
    bad.write_text("siren,siret\n000000017,00000001700011\n", encoding="utf-8")
    with pytest.raises(errors.SourceFileInvalid, match="codeCommuneEtablissement"):
        sirene_stock.load(duckdb.connect(), bad)
