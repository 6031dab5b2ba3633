"""docs/indicators.md follows the registry; every registry id is computed by its family SQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigie_industrie import errors
from vigie_industrie.indicators import docs, families, registry

ROOT = Path(__file__).resolve().parents[2]


def test_indicators_doc_is_current():
    current = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    assert current == docs.markdown(), "Lancez python scripts/gen_docs.py (ou python -m vigie_industrie.indicators.docs)"


def test_every_family_has_its_sql_file_and_every_id_its_family():
    assert families.available() == families.FAMILIES
    assert {i.famille for i in registry.REGISTRY.values()} == set(families.FAMILIES)
    assert all(i.niveau and i.source and i.formule and i.definition for i in registry.REGISTRY.values())


def test_unknown_id_names_the_closest():
    with pytest.raises(errors.UnknownIndicator) as info:
        registry.get("emploi_industrie")
    assert "emploi_industriel" in str(info.value) and "\n" not in str(info.value)


def test_issue_ids_are_kept():
    wanted = {
        "population", "densite", "emploi_salarie_prive", "emploi_total", "emploi_industriel", "part_industrie",
        "part_emploi_industriel_national", "evolution_emploi_industriel_1an", "evolution_emploi_industriel_5ans",
        "evolution_emploi_industriel_10ans", "tcam_emploi_industriel", "quotient_localisation_industrie",
        "shift_share_national", "shift_share_structurel", "shift_share_local", "herfindahl_a38",
        "part_premier_secteur", "effectif_moyen_etablissement", "taux_chomage", "evolution_chomage_4t",
        "evolution_chomage_20t",
    }
    assert wanted <= set(registry.REGISTRY)
