"""The charts of a territory page, each with the numbers of its data table.

Every number comes from the fiche (the API's object) or, for the comparison lines (peers,
région, France), from the same indicator mart the fiche reads (``indicateur_valeur``: one query
for every line of every chart). Nothing is computed here: values are placed on a common list of
periods, and a period a territory lacks stays missing (``None``, shown « n.d. »), never 0.

Why the industry *share* for the comparison over time: counts of jobs of a territory, its peers
and France differ by orders of magnitude on one axis, while the share of industry in private
employment is comparable as published; the territory's own count has its chart just above.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from vigie_industrie.fiches.model import Fiche, Serie
from vigie_industrie.indicators import service
from vigie_industrie.territories.model import Territoire
from vigie_industrie.warehouse.connection import WarehouseReader

COMPARED = ("part_industrie", "taux_chomage")
MAX_SECTEURS = 10


@dataclass(frozen=True)
class Ligne:
    nom: str
    valeurs: list
    niveaux: list = field(default_factory=list)


@dataclass(frozen=True)
class Graphique:
    id: str
    titre: str
    type: str  # "line" | "bar"
    x: list[str]
    lignes: list[Ligne]
    unite: str | None = None
    sources: list[int] = field(default_factory=list)
    note: str | None = None
    horizontal: bool = False


Ref = tuple[str, str, int | None]


def _read(warehouse: WarehouseReader, refs: list[Ref], indicateurs: tuple[str, ...]) -> dict[tuple, list[dict]]:
    """Every period of ``indicateurs`` (overall values) for each territory ``refs``, in one query."""
    if not refs:
        return {}
    rows = warehouse.con.execute(
        """
        with wanted as (select unnest($types) as type, unnest($codes) as code, unnest($phases) as phase)
        select v.type, v.code, v.phase, v.indicateur, v.periode, v.annee, v.valeur, v.niveau
        from indicateur_valeur as v
        semi join wanted on wanted.type = v.type and wanted.code = v.code and wanted.phase is not distinct from v.phase
        where v.dimension is null and list_contains($ids, v.indicateur)
        order by v.annee, v.periode
        """,
        {"types": [r[0] for r in refs], "codes": [r[1] for r in refs], "phases": [r[2] for r in refs],
         "ids": list(indicateurs)},
    ).fetchall()
    out: dict[tuple, list[dict]] = {}
    for type_, code, phase, ind, periode, annee, valeur, niveau in rows:
        out.setdefault((type_, code, phase, ind), []).append(
            {"periode": periode, "annee": annee, "valeur": valeur, "niveau": niveau})
    return out


_memo: OrderedDict[tuple, tuple] = OrderedDict()
_lock = threading.Lock()
MEMO_SIZE = 2048


def _comparisons(warehouse: WarehouseReader, fiche: Fiche) -> tuple[list[tuple[str, Ref]], dict]:
    """(label, ref) of the compared territories and their series, memoised per warehouse version."""
    key = (str(warehouse.path), warehouse.version, fiche.type, fiche.code, fiche.phase)
    with _lock:
        hit = _memo.get(key)
    if hit is not None:
        return hit
    refs: list[tuple[str, Ref]] = []
    if fiche.type != "perimetre":
        refs.append((fiche.nom, (fiche.type, fiche.code, fiche.phase)))
        if fiche.type != "france":
            for p in service.peers(warehouse.con, Territoire(fiche.type, fiche.code, fiche.nom, fiche.phase)):
                refs.append((p["nom"] or p["code"], (p["type"], p["code"], p.get("phase"))))
    region = next((p for p in fiche.parents.liste if p.type == "region"), None)
    if region is not None:
        refs.append((f"Région {region.nom}", ("region", region.code, None)))
    if fiche.type != "france":
        refs.append(("France", ("france", "fr", None)))
    found = _read(warehouse, [r for _, r in refs], COMPARED)
    with _lock:
        _memo[key] = (refs, found)
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return refs, found


def _periods(*point_lists: list) -> list[str]:
    seen: dict[str, tuple] = {}
    for points in point_lists:
        for p in points:
            seen.setdefault(p["periode"], (p.get("annee") or 0, p["periode"]))
    return sorted(seen, key=lambda k: seen[k])


def _ligne(nom: str, points: list[dict], x: list[str]) -> Ligne:
    by = {p["periode"]: p for p in points}
    return Ligne(nom=nom, valeurs=[by[k]["valeur"] if k in by else None for k in x],
                 niveaux=[by[k].get("niveau") if k in by else None for k in x])


def _points(serie: Serie | None) -> list[dict]:
    return [] if serie is None else [p.model_dump() for p in serie.points]


def _serie(fiche: Fiche, bloc: str, ident: str) -> Serie | None:
    b = fiche.bloc(bloc)
    return None if b is None else next((s for s in b.series if s.id == ident), None)


def _compared(fiche: Fiche, refs, found, ident: str, own: Serie | None) -> list[tuple[str, list[dict]]]:
    lines = []
    for i, (nom, ref) in enumerate(refs):
        points = found.get((*ref, ident), [])
        if i == 0 and fiche.type != "perimetre" and own is not None:
            points = _points(own)  # the territory's own line is the fiche's series
        lines.append((nom, points))
    if fiche.type == "perimetre":
        lines.insert(0, (fiche.nom, _points(own)))
    return [(n, p) for n, p in lines if p]


def graphiques(warehouse: WarehouseReader, fiche: Fiche) -> dict[str, Graphique]:
    """The page's charts by block id: ``industrie`` (count, then share compared), ``secteurs``, ``chomage``."""
    refs, found = _comparisons(warehouse, fiche)
    out: dict[str, Graphique] = {}
    emploi = _serie(fiche, "industrie", "emploi_industriel")
    if emploi is not None and any(p.valeur is not None for p in emploi.points):
        x = _periods(_points(emploi))
        out["emploi_industriel"] = Graphique(
            id="emploi-industriel", titre=f"{emploi.libelle} : {fiche.nom}", type="line", x=x,
            lignes=[_ligne(fiche.nom, _points(emploi), x)], unite=emploi.unite, sources=emploi.sources,
            note="≈ : estimation (voir la méthode dans le tableau des chiffres)." if any(
                p.niveau == "estimation" for p in emploi.points) else None,
        )
    industrie = fiche.bloc("industrie")
    part = next((c for c in (industrie.chiffres if industrie else []) if c.id == "part_industrie"), None)
    lines = _compared(fiche, refs, found, "part_industrie", _serie(fiche, "industrie", "part_industrie"))
    if part is not None and lines:
        x = _periods(*(p for _, p in lines))
        out["part_industrie"] = Graphique(
            id="part-industrie", titre=f"{part.libelle} : comparaison dans le temps", type="line", x=x,
            lignes=[_ligne(n, p, x) for n, p in lines], unite=part.unite, sources=part.sources,
            note="Territoires comparables : même type, population la plus proche (bloc « Comparaison »).",
        )
    secteurs = fiche.bloc("secteurs")
    table = next((t for t in (secteurs.tableaux if secteurs else []) if t.id == "secteurs"), None)
    if table is not None and any(c.id == "emploi_salarie_secteur" for c in table.colonnes):
        col = next(c for c in table.colonnes if c.id == "emploi_salarie_secteur")
        rows = [r for r in table.lignes if r.get("emploi_salarie_secteur") is not None][:MAX_SECTEURS]
        if rows:
            out["secteurs"] = Graphique(
                id="secteurs", titre=f"{col.libelle} : les {len(rows)} premiers secteurs", type="bar",
                x=[f"{r['dimension']} {r.get('libelle') or ''}".strip() for r in rows],
                lignes=[Ligne(nom=fiche.nom, valeurs=[r["emploi_salarie_secteur"] for r in rows],
                              niveaux=[secteurs.niveau] * len(rows))],
                unite=col.unite, sources=table.sources, horizontal=True,
            )
    chomage = _serie(fiche, "chomage", "taux_chomage")
    lines = _compared(fiche, [r for r in refs if r[1][0] in ("region", "france") or r is refs[0]], found,
                      "taux_chomage", chomage) if refs or fiche.type == "perimetre" else []
    if chomage is not None and lines:
        x = _periods(*(p for _, p in lines))
        out["chomage"] = Graphique(
            id="chomage", titre=f"{chomage.libelle} : {fiche.nom}, sa région et la France", type="line", x=x,
            lignes=[_ligne(n, p, x) for n, p in lines], unite=chomage.unite, sources=chomage.sources,
        )
    return out
