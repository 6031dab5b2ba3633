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
    """Every period of ``indicateurs`` (overall values) for each territory ``refs``, in one query.

    One branch per kind (``type = ?`` prunes the mart's row groups, stored sorted by territory,
    then the codes of that kind are filtered): a semi join on the codes would scan the whole mart.
    """
    if not refs:
        return {}
    groups: dict[tuple[str, int | None], list[str]] = {}
    for type_, code, phase in refs:
        groups.setdefault((type_, phase), []).append(code)
    branch = ("select type, code, phase, indicateur, periode, annee, valeur, niveau from indicateur_valeur "
              "where type = ? and phase is not distinct from ? and list_contains(?, code) and dimension is null "
              "and list_contains(?, indicateur)")
    params: list = []
    for (type_, phase), codes in groups.items():
        params += [type_, phase, codes, list(indicateurs)]
    rows = warehouse.con.execute(
        f"select * from ({' union all '.join([branch] * len(groups))}) order by annee, periode", params).fetchall()
    out: dict[tuple, list[dict]] = {}
    for type_, code, phase, ind, periode, annee, valeur, niveau in rows:
        out.setdefault((type_, code, phase, ind), []).append(
            {"periode": periode, "annee": annee, "valeur": valeur, "niveau": niveau})
    return out


_memo: OrderedDict[tuple, dict] = OrderedDict()
_lock = threading.Lock()
MEMO_SIZE = 4096


def _series(warehouse: WarehouseReader, refs: list[Ref]) -> dict[tuple, list[dict]]:
    """The compared series of ``refs``, memoised per territory and warehouse file version.

    Why per territory: a région, France and a peer appear on many pages; only the territories
    not yet read are queried (one query), so a page usually reads its own line and its peers'.
    """
    prefix = (str(warehouse.path), warehouse.version)
    with _lock:
        known = {ref: _memo.get((*prefix, ref)) for ref in refs}
    missing = [ref for ref, hit in known.items() if hit is None]
    if missing:
        found = _read(warehouse, missing, COMPARED)
        with _lock:
            for ref in missing:
                known[ref] = {ind: found.get((*ref, ind), []) for ind in COMPARED}
                _memo[(*prefix, ref)] = known[ref]
            while len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
    return {(*ref, ind): points for ref, by_ind in known.items() for ind, points in by_ind.items()}


def _comparisons(warehouse: WarehouseReader, fiche: Fiche) -> tuple[list[tuple[str, Ref]], dict]:
    """(label, ref) of the compared territories (the fiche's peers table, its région, France) and their series."""
    refs: list[tuple[str, Ref]] = []
    if fiche.type != "perimetre":
        refs.append((fiche.nom, (fiche.type, fiche.code, fiche.phase)))
        pairs = fiche.bloc("pairs")
        table = next((t for t in (pairs.tableaux if pairs else []) if t.id == "pairs"), None)
        # peers are of the territory's kind and phase (territoire_pair); rows « Région »/« France » have no peer code
        for ligne in (table.lignes[1:] if table else []):
            if ligne.get("code") and ligne["code"] != "fr":
                refs.append((str(ligne.get("nom") or ligne["code"]), (fiche.type, str(ligne["code"]), fiche.phase)))
    region = next((p for p in fiche.parents.liste if p.type == "region"), None)
    if region is not None:
        refs.append((f"Région {region.nom}", ("region", region.code, None)))
    if fiche.type != "france":
        refs.append(("France", ("france", "fr", None)))
    return refs, _series(warehouse, [r for _, r in refs])


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
                id="repartition-secteurs", titre=f"{col.libelle} : les {len(rows)} premiers secteurs", type="bar",
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
