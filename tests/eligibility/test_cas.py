"""The rule cases of cas/*.yaml (OpenFisca style) through the real scoring SQL, without a warehouse.

Each case states indicator values (a number, null, or {valeur, annee}) and the expected note and
verdict of each criterion, the score and the global verdict.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from vigie_industrie.eligibility import criteres, features, score

CAS = sorted((Path(__file__).parent / "cas").glob("*.yaml"))
TOL = 1e-4


def _cases():
    for path in CAS:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in doc["cas"]:
            yield pytest.param(doc["criteres"], case, id=f"{path.stem}:{case['nom']}")


def _rows(entrees: dict) -> list[tuple]:
    rows = []
    for ind, spec in entrees.items():
        assert features.known(ind), ind
        valeur, annee = (spec.get("valeur"), spec.get("annee", 2022)) if isinstance(spec, dict) else (spec, 2022)
        rows.append(("epci", "cas", None, ind, None, str(annee), annee, annee + features.lag(ind), valeur,
                     features.unite(ind), "cas", "exact", "cas de test", None))
    return rows


@pytest.mark.parametrize(("nom_criteres", "case"), list(_cases()))
def test_cas(nom_criteres, case):
    grille = criteres.load(nom_criteres)
    con = duckdb.connect()
    cols = ", ".join(f"{c} {t}" for c, t in zip(features.COLUMNS, (
        "varchar", "varchar", "integer", "varchar", "varchar", "varchar", "integer", "integer", "double", "varchar",
        "varchar", "varchar", "varchar", "varchar")))
    con.execute(f"create table cas_features ({cols})")
    con.executemany(f"insert into cas_features values ({', '.join('?' * len(features.COLUMNS))})", _rows(case["entrees"]))
    rows = score.detail_from_features(con, grille, "cas_features", decision=case.get("decision"))
    by_id = {r["critere"]: r for r in rows}
    assert set(by_id) == {c.id for c in grille.criteres}, "every criterion has a row, assessable or not"
    want = case["attendu"]
    first = rows[0]
    assert first["score"] == pytest.approx(want["score"], abs=TOL)
    assert first["couverture"] == pytest.approx(want["couverture"], abs=TOL)
    assert first["verdict_global"] == want["verdict"]
    for ident, exp in want["criteres"].items():
        got = by_id[ident]
        assert got["verdict"] == exp["verdict"], ident
        if exp["note"] is None:
            assert got["note_critere"] is None and got["contribution"] is None and got["valeur"] is None, ident
        else:
            assert got["note_critere"] == pytest.approx(exp["note"], abs=TOL), ident
            assert got["contribution"] == pytest.approx(exp["note"] * grille.critere(ident).poids, abs=TOL)


def test_every_shipped_file_has_cases():
    assert {p.stem for p in CAS} >= {"officiel-2019", "ajuste-cv"}
