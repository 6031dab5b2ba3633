"""The « each indicator alone » diagnostic of the validation report, on synthetic rows (generated here)."""

from __future__ import annotations

from vigie_industrie.eligibility import validation


def _row(code, ind, valeur, annee=2021, disponible=2022):
    return {"code": code, "type": "epci", "indicateur": ind, "dimension": None, "valeur": valeur,
            "annee": annee, "periode": str(annee), "disponible": disponible}


def test_direction_ranking_and_dated_reads():
    codes = [f"E{i:03d}" for i in range(120)]
    pop = {c: i % 4 == 0 for i, c in enumerate(codes)}  # 30 positives
    rows = []
    for i, c in enumerate(codes):
        rows.append(_row(c, "taille", 1000 + (5000 if pop[c] else 0) + i))          # separates: AUC 1
        rows.append(_row(c, "ruralite", -(5000 if pop[c] else 0) - i))             # separates, other way: AUC 0
        rows.append(_row(c, "bruit", float(i % 7)))                                # close to 0.5
        # a later, published-after-the-decision value that would invert « taille »: must not be read
        rows.append(_row(c, "taille", -(5000 if pop[c] else 0), annee=2024, disponible=2025))
    rows.append(_row("E000", "rare", 1.0))                                         # too few EPCI: left out
    out = validation.indicateurs_seuls(rows, pop, decision=2023)
    by_id = {d["indicateur"]: d for d in out}
    assert set(by_id) == {"taille", "ruralite", "bruit"}
    assert by_id["taille"]["roc_auc"] == 1.0 and by_id["taille"]["sens"] == "direct"
    assert by_id["ruralite"]["roc_auc"] == 0.0 and by_id["ruralite"]["sens"] == "inverse"
    assert [d["indicateur"] for d in out][-1] == "bruit"
    assert all(d["n"] == 120 for d in out)
