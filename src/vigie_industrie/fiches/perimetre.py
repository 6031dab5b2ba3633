"""The fiche of a custom perimeter (``perim-N``): the same ``Fiche`` model as any territory.

A perimeter is not in the warehouse's marts (it is created at any time in the programme store),
so its figures come from ``indicators.service.for_communes``: the *same* family SQL the build
runs, over a temporary crosswalk of the perimeter's communes (one run, every period: the key
figures are the latest periods, the series every period). Membership reuses
``fiches.appartenances`` over the communes; there are no peers (``territoire_pair`` knows only
the warehouse's territories), so the comparison block holds the perimeter, its région (the one
holding most of its population, as ``for_communes`` chooses it) and France.

Why a module apart from ``fiches.service``: a perimeter needs the programme store and the caller
(a private perimeter is visible to its owner only), which the warehouse-only fiche service does
not know; the API, the CLI and the web page call ``fiche`` here when the query is ``perim-N``.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict

import duckdb

from vigie_industrie.fiches import appartenances, indicateurs
from vigie_industrie.fiches.citations import Citations
from vigie_industrie.fiches.model import Bloc, Colonne, Fiche, Point, Relatifs, Serie, Tableau, TerritoireRef
from vigie_industrie.indicators import registry, service
from vigie_industrie.observatoire import cible as cible_mod
from vigie_industrie.observatoire.cible import Cible, PerimetreLookup
from vigie_industrie.programme import perimetres
from vigie_industrie.warehouse.connection import WarehouseReader

LIBELLE = "Périmètre personnalisé"
# Series a perimeter's page draws (the fiche's series, plus the industry share the comparisons use).
SERIES = {**indicateurs.SERIES, "industrie": ("emploi_industriel", "part_industrie")}


def is_perimetre(query: str | None) -> bool:
    """``perim-12`` (any case): the query names a custom perimeter."""
    return perimetres.parse_code(query or "") is not None


def fiche(con: duckdb.DuckDBPyConnection, query: str, lookup: PerimetreLookup | None) -> Fiche:
    """The fiche of the perimeter ``query`` designates, as seen by the caller of ``lookup``."""
    return build(con, cible_mod.resolve(con, query, lookup=lookup))


MEMO_SIZE = 64
_memo: OrderedDict[tuple, Fiche] = OrderedDict()
_lock = threading.Lock()


def fiche_cached(warehouse: WarehouseReader, query: str, lookup: PerimetreLookup | None) -> Fiche:
    """``fiche`` memoised per warehouse file version and perimeter content.

    Why: the figures of a perimeter are computed on request (about a second on the mirror
    warehouse); the key holds the perimeter's name and communes, so an edited perimeter (or a
    new warehouse) is computed again, while the resolution (visibility checked for this
    caller) runs on every call.
    """
    target = cible_mod.resolve(warehouse.con, query, lookup=lookup)
    key = (str(warehouse.path), warehouse.version, target.territoire.code, target.territoire.nom,
           target.communes, tuple(tuple(sorted(m.items())) for m in target.membres))
    with _lock:
        hit = _memo.get(key)
        if hit is not None:
            _memo.move_to_end(key)
            return hit
    built = build(warehouse.con, target)
    with _lock:
        _memo[key] = built
        while len(_memo) > MEMO_SIZE:
            _memo.popitem(last=False)
    return built


def _latest(rows: list[dict]) -> dict[tuple[str, str | None], dict]:
    """Per (indicator, dimension), the latest period: end year, then period label (``service._latest``)."""
    out: dict[tuple[str, str | None], dict] = {}
    for r in rows:
        key = (r["id"], r.get("dimension"))
        best = out.get(key)
        if best is None or (r.get("annee") or 0, r.get("periode") or "") > (best.get("annee") or 0, best.get("periode") or ""):
            out[key] = r
    return out


def _serie(rows: list[dict], indicateur: str, head: dict, citations: Citations) -> Serie:
    points = sorted((r for r in rows if r["id"] == indicateur and r.get("dimension") is None),
                    key=lambda r: (r.get("annee") or 0, r.get("periode") or ""))
    return Serie(
        id=indicateur, libelle=head["libelle"], unite=head.get("unite"), sources=citations.cite(head.get("source")),
        points=[Point(periode=p["periode"], annee=p.get("annee"), valeur=p.get("valeur"), niveau=p.get("niveau"),
                      note=p.get("note")) for p in points],
    )


def _blocs(con, rows: list[dict], nom: str, code: str, citations: Citations):
    latest = list(_latest(rows).values())
    order = {k: n for n, k in enumerate(registry.REGISTRY)}
    latest.sort(key=lambda d: (order.get(d["id"], 999), d.get("dimension") is not None, d.get("dimension") or ""))
    headline = {r["id"]: r for r in latest if r.get("dimension") is None}
    labels = indicateurs._dimension_labels(con)
    cles = [indicateurs.chiffre(headline[i], citations) for i in indicateurs.CHIFFRES_CLES if i in headline]
    out: list[Bloc] = []
    for famille, titre in registry.FAMILLES.items():
        ids = [i.id for i in registry.by_famille(famille)]
        chiffres = [indicateurs.chiffre(headline[i], citations) for i in ids if i in headline]
        detail = indicateurs._detail(
            famille, [r for r in latest if r.get("dimension") is not None and r["id"] in ids], labels, citations)
        series = [_serie(rows, i, headline[i], citations) for i in SERIES.get(famille, ()) if i in headline]
        out.append(Bloc(
            id=famille, titre=titre, niveau=indicateurs._niveau(chiffres), definition=indicateurs.DEFINITIONS.get(famille),
            chiffres=chiffres, series=series, tableaux=[detail] if detail else [],
            notes=list(dict.fromkeys(c.note for c in chiffres if c.note)),
            sources=citations.cite(*(headline[i].get("source") for i in ids if i in headline)),
        ))
    ids = [i for i in indicateurs.PAIRS_INDICATEURS if i in headline]
    if ids:
        colonnes = [Colonne(id="nom", libelle="Territoire"), Colonne(id="code", libelle="Code")] + [
            Colonne(id=i, libelle=f"{headline[i]['libelle']} ({headline[i].get('periode') or '?'})", unite=headline[i].get("unite"))
            for i in ids
        ]
        lignes = [
            {"nom": nom, "code": code, **{i: headline[i].get("valeur") for i in ids}},
            {"nom": "Région", "code": "", **{i: headline[i].get("valeur_region") for i in ids}},
            {"nom": "France", "code": "fr", **{i: headline[i].get("valeur_france") for i in ids}},
        ]
        table = Tableau(id="pairs", titre="Le périmètre, sa région et la France", colonnes=colonnes, lignes=lignes,
                        notes=["Pas de territoires comparables pour un périmètre personnalisé : les pairs sont "
                               "calculés à la construction de l'entrepôt, pour ses seuls territoires."],
                        sources=citations.cite(*(headline[i].get("source") for i in ids)))
        out.append(Bloc(id="pairs", titre="Comparaison", tableaux=[table], sources=table.sources,
                        definition="Le périmètre, la région qui en réunit la plus grande part de la population, et la France."))
    return cles, out


def _parents(con, codes: list[str]) -> list[TerritoireRef]:
    """The départements and régions the perimeter's communes lie in (most populated first)."""
    rows = con.execute(
        """
        select kind, code, nom from (
            select 'departement' as kind, c.code_departement as code, any_value(t.nom) as nom, sum(c.population) as pop, 1 as rang
            from commune as c left join territoire as t on t.type = 'departement' and t.code = c.code_departement
            semi join (select unnest(?::varchar[]) as code_commune) as p on p.code_commune = c.code_commune
            group by c.code_departement
            union all
            select 'region', c.code_region, any_value(t.nom), sum(c.population), 2
            from commune as c left join territoire as t on t.type = 'region' and t.code = c.code_region
            semi join (select unnest(?::varchar[]) as code_commune) as p on p.code_commune = c.code_commune
            group by c.code_region
        ) order by rang, pop desc nulls last, code
        """,
        [codes, codes],
    ).fetchall()
    return [TerritoireRef(type=k, code=c, nom=n or c) for k, c, n in rows]


def build(con: duckdb.DuckDBPyConnection, target: Cible) -> Fiche:
    """The whole fiche of a resolved perimeter (``target.communes`` set)."""
    t = target.territoire
    codes = sorted(target.communes or ())
    citations = Citations()
    rows = service.for_communes(con, codes, latest=False)
    cles, blocs = _blocs(con, rows, t.nom, t.code, citations)
    # Semi joins on the unnested codes, not list_contains(?, code_commune): that compared every
    # commune with every code (35,000 × 4,000 for a 100-EPCI perimeter).
    names = dict(con.execute("select code_commune, nom_commune from commune "
                             "semi join (select unnest(?::varchar[]) as code_commune) using (code_commune)",
                             [codes]).fetchall())
    communes = [TerritoireRef(type="commune", code=c, nom=names.get(c) or c) for c in codes]
    membres = ", ".join(f"{m['nom']} ({'EPCI' if m['type'] == 'epci' else 'commune'} {m['code']})" for m in target.membres)
    # The constituency block names kinds it is shown for; a perimeter (communes or EPCI) is of that scale.
    as_epci = dataclasses.replace(t, type="epci")
    parents = _parents(con, codes)
    return Fiche(
        titre=f"{t.nom} · {LIBELLE} {t.code}",
        type=t.type,
        libelle_type=LIBELLE,
        code=t.code,
        nom=t.nom,
        notes=[f"Membres déclarés : {membres}."] if membres else [],
        nb_communes=len(codes),
        parents=Relatifs(total=len(parents), liste=parents),
        enfants=Relatifs(total=len(communes), liste=communes[:appartenances.MAX_CHILDREN]),
        chiffres_cles=cles,
        blocs=blocs,
        territoires_industrie=appartenances.territoires_industrie(con, t, codes, citations),
        circonscriptions=appartenances.circonscriptions(con, as_epci, codes, citations),
        sources=citations.sources(con),
    )
