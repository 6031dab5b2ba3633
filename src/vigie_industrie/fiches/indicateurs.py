"""The figure blocks of a fiche, read from the indicator marts (never computed here).

Every figure comes from ``vigie_industrie.indicators.service`` (the marts ``indicateur_valeur``,
``indicateur_comparaison``, ``territoire_pair``), so a fiche, ``vigie indicateurs``, the
rankings and a custom perimeter all show the same number, computed once, set-based, in SQL.
This module only chooses which indicators go in which block and shapes them as the model.
"""

from __future__ import annotations

import duckdb

from vigie_industrie.fiches.citations import Citations
from vigie_industrie.fiches.model import Bloc, Chiffre, Colonne, Point, Serie, Tableau
from vigie_industrie.territories.model import Territoire

CHIFFRES_CLES = (
    "population", "emploi_salarie_prive", "emploi_industriel", "part_industrie",
    "evolution_emploi_industriel_5ans", "taux_chomage",
)
# (block id, title, definition, headline indicators, indicators shown as series)
BLOCS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    (
        "population", "Population",
        "Population municipale des communes du territoire (recensement, populations légales).",
        ("population", "densite"), ("population",),
    ),
    (
        "emploi", "Emploi",
        "Effectifs salariés du secteur privé au 31 décembre (URSSAF, hors agriculture) ; emploi total "
        "salarié et non salarié au lieu de travail (INSEE ESTEL, zones d'emploi et leurs unions).",
        ("emploi_salarie_prive", "emploi_total", "effectif_moyen_etablissement"),
        ("emploi_salarie_prive", "emploi_total"),
    ),
    (
        "industrie", "Industrie",
        "Emploi salarié industriel (sections B à E de la NAF), sa part, son évolution et la "
        "spécialisation du territoire.",
        (
            "emploi_industriel", "part_industrie", "part_emploi_industriel_national",
            "evolution_emploi_industriel_1an", "evolution_emploi_industriel_5ans", "evolution_emploi_industriel_10ans",
            "tcam_emploi_industriel", "quotient_localisation_industrie", "shift_share_national",
            "shift_share_structurel", "shift_share_local", "herfindahl_a38", "part_premier_secteur",
        ),
        ("emploi_industriel",),
    ),
    (
        "chomage", "Chômage",
        "Taux de chômage localisé (moyenne trimestrielle CVS, au lieu de résidence, %) ; pour un "
        "territoire de plusieurs zones d'emploi, moyenne des zones pondérée par la population.",
        ("taux_chomage", "evolution_chomage_4t", "evolution_chomage_20t"),
        ("taux_chomage",),
    ),
)
PAIRS_INDICATEURS = ("population", "emploi_industriel", "part_industrie", "evolution_emploi_industriel_5ans", "taux_chomage")
MAX_SECTEURS = 10
_CHIFFRE_KEYS = set(Chiffre.model_fields) - {"sources", "libelle_dimension"}


def _indicators():
    """The indicators service, or None when this build has no indicator marts."""
    try:
        from vigie_industrie.indicators import service
    except ImportError:
        return None
    return service


def chiffre(row: dict, citations: Citations, libelle_dimension: str | None = None) -> Chiffre:
    data = {k: row.get(k) for k in _CHIFFRE_KEYS}
    return Chiffre(**data, libelle_dimension=libelle_dimension, sources=citations.cite(row.get("source")))


def _niveau(chiffres: list[Chiffre]) -> str | None:
    niveaux = {c.niveau for c in chiffres if c.valeur is not None}
    return niveaux.pop() if len(niveaux) == 1 else None


def _a38_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select a38, any_value(libelle_a38) from naf group by a38").fetchall())


def _secteurs(con, rows: list[dict], citations: Citations) -> Tableau | None:
    """Per-sector values (``dimension`` = A38 code) as one table, largest employment first."""
    by_indicator: dict[str, dict[str, dict]] = {}
    for r in rows:
        if r.get("dimension") is not None:
            by_indicator.setdefault(r["id"], {})[r["dimension"]] = r
    if not by_indicator:
        return None
    labels = _a38_labels(con)
    ids = list(by_indicator)
    sectors = sorted({d for values in by_indicator.values() for d in values})
    first = by_indicator[ids[0]]
    sectors.sort(key=lambda d: -(first.get(d, {}).get("valeur") or 0))
    colonnes = [Colonne(id="dimension", libelle="A38"), Colonne(id="libelle", libelle="Secteur")]
    for i in ids:
        sample = next(iter(by_indicator[i].values()))
        colonnes.append(Colonne(id=i, libelle=f"{sample['libelle']} ({sample.get('periode') or '?'})", unite=sample.get("unite")))
    lignes = [
        {"dimension": d, "libelle": labels.get(d), **{i: by_indicator[i].get(d, {}).get("valeur") for i in ids}}
        for d in sectors[:MAX_SECTEURS]
    ]
    notes = sorted({r["note"] for values in by_indicator.values() for r in values.values() if r.get("note")})
    return Tableau(
        id="secteurs", titre=f"Secteurs A38 ({min(len(sectors), MAX_SECTEURS)} premiers)", colonnes=colonnes,
        lignes=lignes, notes=notes,
        sources=citations.cite(*sorted({r.get("source") for v in by_indicator.values() for r in v.values()})),
    )


def blocs(con: duckdb.DuckDBPyConnection, t: Territoire, citations: Citations) -> tuple[list[Chiffre], list[Bloc]]:
    """Key figures and the population, emploi, industrie, chômage and pairs blocks."""
    service = _indicators()
    if service is None:
        note = "Indicateurs non disponibles : cette version ne contient pas les marts d'indicateurs."
        return [], [Bloc(id=b[0], titre=b[1], definition=b[2], notes=[note]) for b in BLOCS]
    rows = service.values(con, t)
    headline = {r["id"]: r for r in rows if r.get("dimension") is None}
    cles = [chiffre(headline[i], citations) for i in CHIFFRES_CLES if i in headline]
    out: list[Bloc] = []
    placed: set[str] = set()
    for bloc_id, titre, definition, ids, serie_ids in BLOCS:
        chiffres = [chiffre(headline[i], citations) for i in ids if i in headline]
        placed.update(ids)
        series = [_serie(service, con, t, i, headline[i], citations) for i in serie_ids if i in headline]
        tableaux = []
        if bloc_id == "industrie":
            table = _secteurs(con, rows, citations)
            if table:
                tableaux.append(table)
        out.append(
            Bloc(
                id=bloc_id, titre=titre, niveau=_niveau(chiffres), definition=definition, chiffres=chiffres,
                series=series, tableaux=tableaux,
                notes=sorted({c.note for c in chiffres if c.note}),
                sources=citations.cite(*(r["source"] for r in (headline[i] for i in ids if i in headline))),
            )
        )
    others = [chiffre(r, citations) for i, r in headline.items() if i not in placed]
    if others:
        out.append(Bloc(id="autres", titre="Autres indicateurs", chiffres=others,
                        sources=citations.cite(*(c_row["source"] for i, c_row in headline.items() if i not in placed))))
    pairs = _pairs(service, con, t, headline, citations)
    if pairs:
        out.append(pairs)
    return cles, out


def _serie(service, con, t: Territoire, indicateur: str, head: dict, citations: Citations) -> Serie:
    points = [
        Point(periode=p["periode"], annee=p.get("annee"), valeur=p.get("valeur"), niveau=p.get("niveau"), note=p.get("note"))
        for p in service.series(con, t, indicateur)
    ]
    return Serie(id=indicateur, libelle=head["libelle"], unite=head.get("unite"), points=points,
                 sources=citations.cite(head.get("source")))


def _pairs(service, con, t: Territoire, headline: dict[str, dict], citations: Citations) -> Bloc | None:
    """The 5 territories of the same kind nearest by population, with the région and France."""
    if t.type == "france":
        return None
    peers = service.peers(con, t)
    if not peers:
        return None
    ids = [i for i in PAIRS_INDICATEURS if i in headline]
    colonnes = [Colonne(id="nom", libelle="Territoire"), Colonne(id="code", libelle="Code")] + [
        Colonne(id=i, libelle=f"{headline[i]['libelle']} ({headline[i].get('periode') or '?'})", unite=headline[i].get("unite"))
        for i in ids
    ]
    lignes = [{"nom": t.nom, "code": t.code, **{i: headline[i].get("valeur") for i in ids}}]
    for p in peers:
        other = Territoire(p["type"], p["code"], p["nom"], p.get("phase"))
        values = {r["id"]: r for r in service.values(con, other, ids=ids) if r.get("dimension") is None}
        lignes.append({"nom": p["nom"], "code": p["code"], **{i: values.get(i, {}).get("valeur") for i in ids}})
    if t.type != "region":
        lignes.append({"nom": "Région", "code": None, **{i: headline[i].get("valeur_region") for i in ids}})
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
