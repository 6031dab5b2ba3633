"""The series the fiche's charts compare the territory with: peers, région and France.

The typed fiche holds the territory's own series and, for each figure, the région's and
France's value at the latest period only. A chart « over time against peers and France » needs
their series too: they are read here from the indicator mart ``indicateur_valeur`` (one query
per chart, never a second computation), for the peers of ``territoire_pair`` (through
``indicators.service.peers``), the territory's région and France. Sources they add are
numbered after the fiche's own (the fiche's numbers stay valid).
"""

from __future__ import annotations

import duckdb
from pydantic import BaseModel, ConfigDict, Field

from vigie_industrie.fiches.citations import Citations
from vigie_industrie.fiches.model import Fiche, Point, Source
from vigie_industrie.indicators import service
from vigie_industrie.territories.model import Territoire

EMPLOI = "emploi_industriel"
CHOMAGE = "taux_chomage"


class Trace(BaseModel):
    """One line of a chart: a territory's series of one indicator."""

    model_config = ConfigDict(frozen=True)

    role: str = Field(description="territoire, pair, region ou france")
    type: str
    code: str
    nom: str
    phase: int | None = None
    points: list[Point]
    sources: list[int] = Field(default_factory=list)


class Comparaisons(BaseModel):
    model_config = ConfigDict(frozen=True)

    emploi_industriel: list[Trace] = Field(default_factory=list)
    chomage: list[Trace] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list, description="Les sources de la fiche, puis celles ajoutées ici.")


def _region(fiche: Fiche) -> Territoire | None:
    if fiche.type in ("region", "france"):
        return None
    for p in fiche.parents.liste:
        if p.type == "region":
            return Territoire("region", p.code, p.nom)
    regions = {t.code_region: t.nom_region for t in fiche.territoires_industrie.territoires if t.code_region}
    if len(regions) == 1:  # a territory outside the région hierarchy (a TI): its programme région
        code, nom = next(iter(regions.items()))
        return Territoire("region", code, nom or code)
    return None


def _traces(con, indicateur: str, wanted: list[tuple[str, Territoire]], citations: Citations) -> list[Trace]:
    """The series of ``indicateur`` for every wanted territory, read in one query."""
    cursor = con.execute(
        """
        select v.type, v.code, v.phase, v.periode, v.annee, v.valeur, v.niveau, v.note, v.source
        from indicateur_valeur as v
        semi join (select unnest($types) as type, unnest($codes) as code, unnest($phases) as phase) as w
            on w.type = v.type and w.code = v.code and w.phase is not distinct from v.phase
        where v.indicateur = $indicateur and v.dimension is null
        order by v.annee, v.periode
        """,
        {"types": [t.type for _, t in wanted], "codes": [t.code for _, t in wanted],
         "phases": [t.phase for _, t in wanted], "indicateur": indicateur},
    )
    rows: dict[tuple, list[tuple]] = {}
    for type_, code, phase, *rest in cursor.fetchall():
        rows.setdefault((type_, code, phase), []).append(tuple(rest))
    out = []
    for role, t in wanted:
        found = rows.get((t.type, t.code, t.phase), [])
        points = [Point(periode=p, annee=a, valeur=v, niveau=n, note=note) for p, a, v, n, note, _ in found]
        out.append(Trace(role=role, type=t.type, code=t.code, nom=t.nom, phase=t.phase, points=points,
                         sources=citations.cite(*dict.fromkeys(s for *_, s in found))))
    return out


def load(con: duckdb.DuckDBPyConnection, fiche: Fiche) -> Comparaisons:
    """The comparison series of ``fiche``'s two over-time charts (employment, unemployment)."""
    citations = Citations()
    citations.cite(*(s.id for s in fiche.sources))  # same numbers as the fiche
    own = Territoire(fiche.type, fiche.code, fiche.nom, fiche.phase)
    france = Territoire("france", "fr", "France")
    region = _region(fiche)
    peers = [] if fiche.type == "france" else service.peers(con, own)
    emploi = [("territoire", own)] + [
        ("pair", Territoire(p["type"], p["code"], p["nom"] or p["code"], p.get("phase"))) for p in peers
    ]
    chomage = [("territoire", own)] + ([("region", region)] if region else [])
    if fiche.type != "france":
        emploi.append(("france", france))
        chomage.append(("france", france))
    return Comparaisons(
        emploi_industriel=_traces(con, EMPLOI, emploi, citations),
        chomage=_traces(con, CHOMAGE, chomage, citations),
        sources=citations.sources(con),
    )


def from_fiche(fiche: Fiche) -> Comparaisons:
    """Without a warehouse connection: the territory's own series only (no peers, région, France)."""
    out = {}
    for bloc_id, indicateur, key in (("industrie", EMPLOI, "emploi_industriel"), ("chomage", CHOMAGE, "chomage")):
        bloc = fiche.bloc(bloc_id)
        serie = next((s for s in (bloc.series if bloc else []) if s.id == indicateur), None)
        out[key] = [] if serie is None else [
            Trace(role="territoire", type=fiche.type, code=fiche.code, nom=fiche.nom, phase=fiche.phase,
                  points=serie.points, sources=serie.sources)
        ]
    return Comparaisons(**out, sources=fiche.sources)
