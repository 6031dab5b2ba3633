"""Which EPCI were labelled Territoire d'industrie in each phase (the validation's ground truth).

The labels are perimeters of 2018 (phase 1) and 2023 (phase 2) members, mapped to current communes
by the warehouse (``commune_territoire_industrie``). An EPCI of today counts as labelled in a phase
when at least half of its population lives in communes of a territory of that phase: EPCI merged
or split since then are thus judged on where their people are, never on a stale SIREN.
"""

from __future__ import annotations

SEUIL_POPULATION = 0.5

SQL = """
with epci_commune as (
    select tc.code, tc.code_commune, coalesce(c.population, 0) as population
    from territoire_commune as tc
    join commune as c using (code_commune)
    where tc.type = 'epci' and ($codes is null or list_contains($codes, tc.code))
),
ti as (
    select code_commune, phase, min(territoire_id) as territoire_id
    from commune_territoire_industrie group by all
),
parts as (
    select e.code,
        sum(e.population) filter (where ti1.code_commune is not null) / nullif(sum(e.population), 0) as part_phase1,
        sum(e.population) filter (where ti2.code_commune is not null) / nullif(sum(e.population), 0) as part_phase2,
        string_agg(distinct ti1.territoire_id, ', ' order by ti1.territoire_id) as ti_phase1,
        string_agg(distinct ti2.territoire_id, ', ' order by ti2.territoire_id) as ti_phase2,
    from epci_commune as e
    left join ti as ti1 on ti1.code_commune = e.code_commune and ti1.phase = 1
    left join ti as ti2 on ti2.code_commune = e.code_commune and ti2.phase = 2
    group by e.code
)
select parts.code, epci.nom, region.code_region,
    coalesce(part_phase1, 0) as part_phase1, coalesce(part_phase2, 0) as part_phase2,
    coalesce(part_phase1, 0) >= $seuil as labellise_phase1, coalesce(part_phase2, 0) >= $seuil as labellise_phase2,
    ti_phase1, ti_phase2
from parts
left join territoire as epci on epci.type = 'epci' and epci.code = parts.code
left join territoire_region as region on region.type = 'epci' and region.code = parts.code
order by parts.code
"""


def of(con, codes: list[str] | None = None) -> list[dict]:
    """One dict per EPCI: population shares in each phase's territories, the labels, the TI ids."""
    cursor = con.execute(SQL, {"codes": codes, "seuil": SEUIL_POPULATION})
    cols = [d[0] for d in cursor.description]
    return [dict(zip(cols, r)) for r in cursor.fetchall()]
