"""The figure blocks of a fiche, read from the indicator marts (never computed here).

Every figure comes from ``vigie_industrie.indicators.service`` (the marts ``indicateur_valeur``,
``indicateur_comparaison``, ``territoire_pair``), so a fiche, ``vigie indicateurs``, the
rankings and a custom perimeter all show the same number, computed once, set-based, in SQL.
This module only chooses which indicators go in which block and shapes them as the model.
"""

from __future__ import annotations

import duckdb

from vigie_industrie.fiches.citations import Citations
from vigie_industrie.indicators import registry, service
from vigie_industrie.fiches.model import Bloc, Chiffre, Colonne, Point, Serie, Tableau
from vigie_industrie.territories.model import Territoire

CHIFFRES_CLES = (
    "population", "emploi_salarie_prive", "emploi_industriel", "part_industrie",
    "evolution_emploi_industriel_5ans_pct", "taux_chomage",
)
# One block per indicator family of the registry (``registry.FAMILLES``), with these definitions
# and these indicators also shown as series over every period with data.
DEFINITIONS = {
    "population": "Population municipale des communes du territoire (populations légales) et sa répartition par niveau de densité.",
    "emploi": "Effectifs salariés du secteur privé au 31 décembre (URSSAF) ; emploi total salarié et non salarié "
    "au lieu de travail (INSEE ESTEL, zones d'emploi et leurs unions).",
    "industrie": "Emploi salarié industriel (sections B à E de la NAF), sa part et son évolution.",
    "secteurs": "Structure sectorielle A38 : effectifs par secteur, spécialisation (quotients de localisation), "
    "concentration, décomposition de l'évolution (shift-share).",
    "chomage": "Taux de chômage localisé (moyenne trimestrielle CVS, au lieu de résidence) ; pour un territoire de "
    "plusieurs zones d'emploi, moyenne des zones pondérée par la population.",
}
SERIES = {
    "population": ("population",),
    "emploi": ("emploi_salarie_prive", "emploi_total"),
    "industrie": ("emploi_industriel",),
    "chomage": ("taux_chomage",),
}
PAIRS_INDICATEURS = ("population", "emploi_industriel", "part_industrie", "evolution_emploi_industriel_5ans_pct", "taux_chomage")
MAX_LIGNES = 10
DENSITE = {
    "1": "Grands centres urbains", "2": "Centres urbains intermédiaires", "3": "Ceintures urbaines",
    "4": "Petites villes", "5": "Bourgs ruraux", "6": "Rural à habitat dispersé", "7": "Rural à habitat très dispersé",
}
_CHIFFRE_KEYS = set(Chiffre.model_fields) - {"sources"}


def chiffre(row: dict, citations: Citations) -> Chiffre:
    """One row of ``indicators.service.values`` as a figure citing its source by number."""
    return Chiffre(**{k: row.get(k) for k in _CHIFFRE_KEYS}, sources=citations.cite(row.get("source")))


def _niveau(chiffres: list[Chiffre]) -> str | None:
    niveaux = {c.niveau for c in chiffres if c.valeur is not None}
    return niveaux.pop() if len(niveaux) == 1 else None


def _dimension_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return {**DENSITE, **dict(con.execute("select a38, any_value(libelle_a38) from naf group by a38").fetchall())}


def _detail(famille: str, rows: list[dict], labels: dict[str, str], citations: Citations) -> Tableau | None:
    """The per-dimension values of one family (A38 sectors, density levels) as one table."""
    by_indicator: dict[str, dict[str, dict]] = {}
    for r in rows:
        by_indicator.setdefault(r["id"], {})[r["dimension"]] = r
    if not by_indicator:
        return None
    # Additive indicators (jobs) first; the table is ordered by the first of them, largest first.
    ids = sorted(by_indicator, key=lambda i: not (registry.REGISTRY.get(i) and registry.REGISTRY[i].additif))
    first = by_indicator[ids[0]]
    dims = sorted({d for values in by_indicator.values() for d in values})
    if registry.REGISTRY.get(ids[0]) and registry.REGISTRY[ids[0]].additif:
        dims.sort(key=lambda d: -(first.get(d, {}).get("valeur") or 0))
    colonnes = [Colonne(id="dimension", libelle="Code"), Colonne(id="libelle", libelle="Libellé")]
    for i in ids:
        sample = next(iter(by_indicator[i].values()))
        colonnes.append(Colonne(id=i, libelle=f"{sample['libelle']} ({sample.get('periode') or '?'})", unite=sample.get("unite")))
    shown = dims[:MAX_LIGNES]
    lignes = [
        {"dimension": d, "libelle": labels.get(d), **{i: by_indicator[i].get(d, {}).get("valeur") for i in ids}}
        for d in shown
    ]
    notes = sorted({r["note"] for values in by_indicator.values() for r in values.values() if r.get("note")})
    if len(dims) > len(shown):
        notes.append(f"{len(shown)} premières lignes sur {len(dims)} (toutes dans `vigie indicateurs --json`).")
    return Tableau(
        id=famille, titre=f"{registry.FAMILLES.get(famille, famille)} : détail", colonnes=colonnes, lignes=lignes, notes=notes,
        sources=citations.cite(*sorted({r["source"] for v in by_indicator.values() for r in v.values() if r.get("source")})),
    )


def blocs(con: duckdb.DuckDBPyConnection, t: Territoire, citations: Citations) -> tuple[list[Chiffre], list[Bloc]]:
    """Key figures and one block per indicator family (population, emploi, industrie, secteurs,
    chômage), then the peers block."""
    series_ids = tuple(dict.fromkeys(i for ids in SERIES.values() for i in ids))
    rows, points = service.values_and_series(con, t, series_ids)  # one query for every figure and series
    headline = {r["id"]: r for r in rows if r.get("dimension") is None}
    labels = _dimension_labels(con)
    cles = [chiffre(headline[i], citations) for i in CHIFFRES_CLES if i in headline]
    out: list[Bloc] = []
    for famille, titre in registry.FAMILLES.items():
        ids = [i.id for i in registry.by_famille(famille)]
        chiffres = [chiffre(headline[i], citations) for i in ids if i in headline]
        detail = _detail(famille, [r for r in rows if r.get("dimension") is not None and r["id"] in ids], labels, citations)
        series = [_serie(i, points[i], headline[i], citations) for i in SERIES.get(famille, ()) if i in headline]
        out.append(
            Bloc(
                id=famille, titre=titre, niveau=_niveau(chiffres), definition=DEFINITIONS.get(famille),
                chiffres=chiffres, series=series, tableaux=[detail] if detail else [],
                notes=list(dict.fromkeys(c.note for c in chiffres if c.note)),
                sources=citations.cite(*(headline[i].get("source") for i in ids if i in headline)),
            )
        )
    pairs = _pairs(con, t, headline, citations)
    if pairs:
        out.append(pairs)
    return cles, out


def _serie(indicateur: str, rows: list[dict], head: dict, citations: Citations) -> Serie:
    """The points of one series (``service.series`` rows, oldest first)."""
    points = [
        Point(periode=p["periode"], annee=p.get("annee"), valeur=p.get("valeur"), niveau=p.get("niveau"), note=p.get("note"))
        for p in rows
    ]
    return Serie(id=indicateur, libelle=head["libelle"], unite=head.get("unite"), points=points,
                 sources=citations.cite(head.get("source")))


def _pairs(con, t: Territoire, headline: dict[str, dict], citations: Citations) -> Bloc | None:
    """The 5 territories of the same kind nearest by population, with the région and France."""
    if t.type == "france":
        return None
    ids = [i for i in PAIRS_INDICATEURS if i in headline]
    # The peers and their values at the territory's own periods (same column, same year), one query.
    peers, found = service.peers_and_values(
        con, t, {i: headline[i]["periode"] for i in ids if headline[i].get("periode")})
    if not peers:
        return None
    colonnes = [Colonne(id="nom", libelle="Territoire"), Colonne(id="code", libelle="Code")] + [
        Colonne(id=i, libelle=f"{headline[i]['libelle']} ({headline[i].get('periode') or '?'})", unite=headline[i].get("unite"))
        for i in ids
    ]
    lignes = [{"nom": t.nom, "code": t.code, **{i: headline[i].get("valeur") for i in ids}}]
    others = [Territoire(p["type"], p["code"], p["nom"] or p["code"], p.get("phase")) for p in peers]
    for other in others:
        values = found.get((other.type, other.code, other.phase), {})
        lignes.append({"nom": other.nom, "code": other.code, **{i: values.get(i) for i in ids}})
    if t.type != "region":
        lignes.append({"nom": "Région", "code": "", **{i: headline[i].get("valeur_region") for i in ids}})
    lignes.append({"nom": "France", "code": "fr", **{i: headline[i].get("valeur_france") for i in ids}})
    table = Tableau(
        id="pairs", titre="Territoires comparables (même type, population la plus proche)", colonnes=colonnes,
        lignes=lignes, sources=citations.cite(*(headline[i].get("source") for i in ids)),
    )
    return Bloc(
        id="pairs", titre="Comparaison", tableaux=[table],
        definition="Les 5 territoires du même type dont la population est la plus proche, la région et la France.",
        sources=table.sources,
    )
