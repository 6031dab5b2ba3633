"""docs/indicators.md, generated from the registry (checked by tests/test_docs.py-style tests).

Run ``python -m vigie_industrie.indicators.docs`` (or ``scripts/gen_docs.py``) after editing the registry.
"""

from __future__ import annotations

import sys
from pathlib import Path

from vigie_industrie.indicators import registry

HEADER = """# Indicators

Generated from `src/vigie_industrie/indicators/registry.py` by `python -m vigie_industrie.indicators.docs`;
do not edit. Every indicator is computed once, set-based, by the SQL file of its family
(`src/vigie_industrie/indicators/sql/<famille>.sql`) over the crosswalk `territoire_commune`, into
the long mart `indicateur_valeur` (ranks, région and France values in `indicateur_comparaison` for
every kind but communes, whose région and France values are read with their figures; the five
nearest peers by population in `territoire_pair`). A custom perimeter runs the same SQL over a
temporary crosswalk of its communes.

**Niveau de calcul** (column `niveau`), one of: `exact` (computed from the territory's own communes
or its own published figure), `union de zones` (the territory is made of whole zones d'emploi and
the zone tables are summed), `estimation` (always with its `methode`: zone figures allocated by
population, or a population-weighted mean of zone rates), `calcul réutilisateur` (a figure computed
by a re-user, as published). `couverture` is the share of the territory's population (2026 file)
with data; `nb_communes_sans_donnee` counts its communes without; `note` gives the reason of every
NULL value and the caveats. Missing is NULL, never 0.

**Communes and zones.** A commune nouvelle belongs to one zone d'emploi: the zone of its former
commune with the same code (its chef-lieu), else of its most populated former part; the seven
communes re-established after the 2020 zonage take the zone of the commune nouvelle they left
(`commune_zone_emploi_cog2026.note`). URSSAF commune rows under older codes are re-based to the COG
2026 (`emploi_salarie_prive_commune`), so every total is a sum of current communes. A commune split
between constituencies (`territoire_commune.entier = false`) is left out of additive totals, which
say so in their note. Single communes outside the loaded commune × APE file get no estimated sector
figures (they would only repeat their zone's shares): NULL with the reason.

**Performance.** The marts `indicateur_valeur` and `indicateur_comparaison` are stored sorted by
territory, so reading one territory skips the other row groups; a fiche reads all of its rows
(every figure, every series) in one query, its comparison rows filtered to the territory before the
join. `vigie serve` warms the fiches of every EPCI, Territoire d'industrie, zone d'emploi,
département and région in the background (`/health` → `fiches`) and serves memoised JSON. The
declared `unique` checks count distinct hashes of the key (an exact grouping only when two rows
share a hash). Four closed-vocabulary columns (`indicateur`, `unite`, `source`, `niveau`) are
DuckDB ENUMs (sorted lists from this registry and the source catalogue) and `type` is sorted as
one: readers see strings, and writing and sorting the national-size mart takes a third less time.
`type` itself stays text: an ENUM column compared with a string is cast to text, which zone maps
cannot use, and rankings, maps and alerts filter on `type` alone. The URSSAF
commune × APE file is read once, its measures typed by the CSV reader, into a table of its lines
behind the long view `raw.urssaf_commune_ape`, materialised once by `emploi_salarie`. Files and
models are build steps run on three cursors (`warehouse/schedule.py`), each as soon as what it reads
is there, the URSSAF file first; the union of the families writes their common CTEs once, and
`indicateur_comparaison` has no commune rows. `benchmarks/compare_marts.py` proves a change
leaves the marts identical (float noise of parallel sums reported as such); `benchmarks/profile_build.py`
gives CPU seconds per model, `benchmarks/bench_indicators.py` and `bench_api_load.py` the targets.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown() -> str:
    lines = [HEADER.rstrip("\n"), ""]
    for famille, titre in registry.FAMILLES.items():
        rows = registry.by_famille(famille)
        if not rows:
            continue
        lines += [f"## {titre} (`indicators/sql/{famille}.sql`)", "",
                  "| id | libellé | unité | définition | formule | source | niveau |",
                  "|---|---|---|---|---|---|---|"]
        for i in rows:
            lines.append("| " + " | ".join(_cell(x) for x in (
                f"`{i.id}`", i.libelle, i.unite, i.definition + (" Additif." if i.additif else ""),
                f"`{i.formule}`", i.source, i.niveau)) + " |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def write(root: Path) -> Path:
    path = root / "docs" / "indicators.md"
    path.write_text(markdown(), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    print(write(Path(sys.argv[1]) if len(sys.argv) > 1 else Path.cwd()))
