"""The « is the rule clearly better? » table of the validation report, on hand-made figures (no warehouse)."""

from __future__ import annotations

from vigie_industrie.eligibility import rapport


def _split(regle, refs, plafond):
    return {"roc_auc": regle, "references": {k: {"roc_auc": a, "n": n, "libelle": k} for k, (a, n) in refs.items()}}, plafond


def test_bilan_compares_the_rule_with_the_dated_and_latest_share_and_the_model():
    p2, m2 = _split(0.573, {"part_industrie_dates": (0.513, 702), "part_industrie_recensement_dates": (None, 0),
                            "part_industrie_recensement_recentes": (0.543, 692), "x_dates": (0.9, 3)}, 0.718)
    p1, m1 = _split(0.70, {"part_industrie_agriculture_recensement_dates": (0.566, 1232),
                           "part_industrie_recensement_recentes": (0.60, 1232)}, 0.766)
    got = {d["split"]: d for d in rapport.bilan({"phase2_nouveaux": p2, "phase1": p1,
                                                  "modele": {"phase2_nouveaux": {"roc_auc": m2}, "phase1": {"roc_auc": m1}}})}
    a = got["phase2_nouveaux"]
    # 0.9 is known for 3 EPCI only (< MIN_N): not a reference
    assert (a["reference_datee"], a["reference_recente"]) == (0.513, 0.543)
    assert (a["ecart_datee"], a["ecart_recente"]) == (0.06, 0.03)
    assert a["part_comblee"] == round(0.06 / (0.718 - 0.513), 2)
    assert a["nettement_meilleure_datee"] is True and a["nettement_meilleure"] is False
    b = got["phase1"]
    assert b["nettement_meilleure"] is True and b["part_comblee"] == 0.67
