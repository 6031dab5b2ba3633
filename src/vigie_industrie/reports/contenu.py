"""What the handed-over fiche shows, chosen from the typed fiche and formatted once.

The HTML, PDF and Markdown renderings read this one view: the same rows, the same French
numbers (``observatoire.texte.valeur``), the same numbered sources. Nothing is computed here
but the drawing index of the employment chart (each series divided by its own value in the
base year, so territories of different sizes share one axis); the table under that chart gives
the warehouse's values beside the index.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from vigie_industrie.fiches.model import Chiffre, Fiche, Source, Tableau
from vigie_industrie.observatoire import texte as fmt
from vigie_industrie.reports import charts, texte
from vigie_industrie.reports.comparaisons import Comparaisons, Trace

COUNTS = ("habitants", "emplois", "établissements", "salariés")
MAX_TI = 8
MAX_ENFANTS = 12
CHOMAGE_ANS = 11
PHASES = {1: "Phase 1 (2018-2022)", 2: "Phase 2 (2023-2027)"}
ROLES = {"territoire": "", "pair": "territoire comparable", "region": "région", "france": ""}


@dataclass
class Table:
    """A table ready to print: headers and rows of strings; ``numeriques`` right-aligns columns."""

    titre: str
    entetes: list[str]
    lignes: list[list[str]]
    numeriques: list[bool] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sources: list[int] = field(default_factory=list)


@dataclass
class Graphique:
    id: str
    titre: str
    svg: str
    alt: str
    table: Table
    notes: list[str] = field(default_factory=list)


@dataclass
class Vue:
    fiche: Fiche
    resume: list[str]
    identite: list[tuple[str, str]]
    chiffres: Table
    methodes: list[str]
    labels: Table
    graphiques: list[Graphique]
    pairs: Table | None
    deputes: Table | None
    sources: list[Source]


def refs(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def _cell(value, unite: str | None, niveau: str | None = None) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "oui" if value else "non"
    return fmt.valeur(value, unite, niveau)


def tableau(t: Tableau, *, titre: str | None = None, sans_colonnes_vides: bool = False) -> Table:
    """A fiche table as printed (French numbers, units other than counts in the headers).

    ``sans_colonnes_vides`` leaves out the value columns with no value at all, and says so."""
    colonnes, vides = list(t.colonnes), []
    if sans_colonnes_vides:
        vides = [c for c in colonnes if c.unite and all(row.get(c.id) is None for row in t.lignes)]
        colonnes = [c for c in colonnes if c not in vides]
    entetes = [c.libelle + (f" ({c.unite})" if c.unite and c.unite not in COUNTS and c.unite not in c.libelle else "")
               for c in colonnes]
    lignes = [[_cell(row.get(c.id), c.unite) for c in colonnes] for row in t.lignes]
    numeriques = [any(isinstance(row.get(c.id), (int, float)) and not isinstance(row.get(c.id), bool) for row in t.lignes)
                  for c in colonnes]
    notes = list(t.notes) + [f"Colonne sans valeur pour ce territoire, omise : {c.libelle}." for c in vides]
    return Table(titre or t.titre, entetes, lignes, numeriques, notes, list(t.sources))


def _identite(fiche: Fiche) -> list[tuple[str, str]]:
    rows = [("Type", fiche.libelle_type), ("Code", fiche.code)]
    if fiche.phase:
        rows.append(("Phase", PHASES.get(fiche.phase, str(fiche.phase))))
    rows.append(("Communes", fmt.valeur(fiche.nb_communes)))
    if fiche.parents.liste:
        rows.append(("Appartient à", ", ".join(f"{p.nom} ({p.code})" for p in fiche.parents.liste)))
    if fiche.enfants.total:
        noms = ", ".join(e.nom for e in fiche.enfants.liste[:MAX_ENFANTS])
        more = f" et {fmt.valeur(fiche.enfants.total - MAX_ENFANTS)} autres" if fiche.enfants.total > MAX_ENFANTS else ""
        rows.append((f"Contient ({fmt.valeur(fiche.enfants.total)})", noms + more))
    return rows


def _chiffres(fiche: Fiche) -> tuple[Table, list[str]]:
    entetes = ["Indicateur", "Valeur", "Période", "Niveau de calcul", "Région", "France", "Rang en France", "Sources"]
    lignes = []
    for c in fiche.chiffres_cles:
        unite = "" if c.valeur is None or c.unite in (None, "%") else f" {c.unite}"
        lignes.append([
            c.libelle, _cell(c.valeur, c.unite, c.niveau) + unite, c.periode or "", c.niveau or "",
            "" if fiche.type in ("region", "france") else _cell(c.valeur_region, c.unite),
            "" if fiche.type == "france" else _cell(c.valeur_france, c.unite),
            f"{fmt.valeur(c.rang_france)} / {fmt.valeur(c.nb_france)}" if c.rang_france else "",
            refs(c.sources),
        ])
    notes = list(dict.fromkeys(c.note for c in fiche.chiffres_cles if c.note))
    methodes = list(dict.fromkeys(
        f"≈ {c.libelle} : estimation — {c.methode}." for c in fiche.chiffres_cles if c.niveau == fmt.ESTIMATE and c.methode
    ))
    return Table("Dernière période connue de chaque indicateur", entetes, lignes, [False, True, False, False, True, True, True, False], notes), methodes


def _labels(fiche: Fiche) -> Table:
    ti = fiche.territoires_industrie
    lignes = []
    for phase, libelle in PHASES.items():
        items = [t for t in ti.territoires if t.phase == phase]
        if not items:
            lignes.append([libelle, "—", "non labellisé", "", ""])
        for t in items[:MAX_TI]:
            part = "entier" if t.entier else f"{fmt.valeur(t.nb_communes)} commune{'s' if t.nb_communes > 1 else ''}"
            lignes.append([libelle, t.territoire_id, t.nom, t.nom_region or "", part])
        if len(items) > MAX_TI:
            lignes.append([libelle, "…", f"et {fmt.valeur(len(items) - MAX_TI)} autres", "", ""])
    return Table("Territoires d'industrie", ["Phase", "Identifiant", "Nom", "Région", "Territoire couvert"], lignes,
                 [False, False, False, False, False], list(ti.notes), list(ti.sources))


def _deputes(fiche: Fiche) -> Table | None:
    if fiche.circonscription is not None:
        c = fiche.circonscription
        d = c.depute.depute
        k = c.communes
        lignes = [[fiche.nom, d.nom_affiche if d else "siège vacant", _date(d.date_debut_mandat) if d else "",
                   fmt.valeur(k.nb_communes) + _partielles(k.nb_communes_partielles)]]
        return Table("Député(e)", ["Circonscription", "Député(e)", "Depuis le", "Communes"], lignes,
                     [False, False, False, True], list(c.depute.notes), list(c.depute.sources))
    block = fiche.circonscriptions
    if block is None or not block.circonscriptions:
        return None
    lignes = [
        [f"{r.libelle} ({r.circonscription_id})", r.depute or "siège vacant", _date(r.date_debut_mandat),
         fmt.valeur(r.nb_communes) + _partielles(r.nb_communes_partielles)]
        for r in block.circonscriptions
    ]
    return Table(block.titre, ["Circonscription", "Député(e)", "Depuis le", "Communes du territoire"], lignes,
                 [False, False, False, True], list(block.notes), list(block.sources))


def _partielles(n: int) -> str:
    return f" (dont {fmt.valeur(n)} partielle{'s' if n > 1 else ''})" if n else ""


def _date(iso: str | None) -> str:
    return "" if not iso else f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}"


def _nom(t: Trace) -> str:
    role = ROLES.get(t.role)
    return f"{t.nom} ({role})" if role else t.nom


def graphique_emploi(comp: Comparaisons) -> Graphique | None:
    """Industrial employment over time, as an index (base 100) against peers and France."""
    traces = [t for t in comp.emploi_industriel if any(p.valeur is not None for p in t.points)]
    own = next((t for t in traces if t.role == "territoire"), None)
    if own is None:
        return None
    years = lambda t: {p.annee: p for p in t.points if p.valeur is not None and p.annee is not None}  # noqa: E731
    own_years = years(own)
    france = next((t for t in traces if t.role == "france"), None)
    common = sorted(set(own_years) & set(years(france))) if france else sorted(own_years)
    base = common[0] if common else min(own_years)
    columns = sorted({a for t in traces for a in years(t) if a >= base})
    lignes, table_rows, notes = [], [], []
    for t in traces:
        pts = years(t)
        drawn = base in pts and pts[base].valeur
        row = [_nom(t)]
        for a in columns:
            p = pts.get(a)
            if p is None:
                row.append("")
                continue
            text = fmt.valeur(p.valeur, "emplois", p.niveau)
            row.append(f"{text} ({fmt.valeur(100 * p.valeur / pts[base].valeur, 'indice')})" if drawn else text)
        table_rows.append(row)
        if drawn:
            lignes.append(charts.Ligne(_nom(t), t.role, [float(a) for a in columns],
                                       [100 * pts[a].valeur / pts[base].valeur if a in pts else None for a in columns]))
        else:
            notes.append(f"{_nom(t)} : pas de valeur en {base}, non tracé.")
    if any(p.niveau == fmt.ESTIMATE for t in traces for p in t.points):
        notes.append("≈ : estimation (voir la méthode dans la fiche de chaque territoire).")
    sources = sorted({n for t in traces for n in t.sources})
    table = Table(
        f"Emploi salarié industriel (entre parenthèses : indice base 100 en {base})",
        ["Territoire"] + [str(a) for a in columns], table_rows, [False] + [True] * len(columns), notes, sources,
    )
    svg = charts.lignes("g-emploi", lignes, ylabel=f"indice, base 100 en {base}", digits=0, reference=100.0)
    alt = (f"Courbes de l'emploi salarié industriel en indice base 100 en {base} pour {own.nom}, "
           f"ses territoires comparables et la France ; valeurs dans le tableau qui suit.")
    return Graphique("emploi", f"Emploi salarié industriel depuis {base} : comparaison", svg, alt, table, [])


def graphique_chomage(comp: Comparaisons) -> Graphique | None:
    """Unemployment rate, the same quarter of each of the last years, against région and France."""
    own = next((t for t in comp.chomage if t.role == "territoire"), None)
    known = [p for p in (own.points if own else []) if p.valeur is not None]
    if not known:
        return None
    quarter = known[-1].periode.partition("-")[2]  # « T3 »: the latest quarter, once a year
    last = known[-1].annee
    keep = lambda p: (not quarter or p.periode.endswith(f"-{quarter}")) and p.annee is not None and p.annee > last - CHOMAGE_ANS  # noqa: E731
    periods = [p.periode for p in own.points if keep(p)]
    traces = [t for t in comp.chomage if any(p.valeur is not None for p in t.points)]
    by = [{p.periode: p for p in t.points if keep(p)} for t in traces]
    rows = [[periode] + [_cell(b[periode].valeur if periode in b else None, "%") for b in by] for periode in periods]
    lignes = [charts.Ligne(_nom(t), t.role, [float(p.partition("-")[0]) for p in periods],
                           [b[p].valeur if p in b else None for p in periods]) for t, b in zip(traces, by)]
    niveau = {p.niveau for p in own.points if p.valeur is not None}
    notes = ["Taux de chômage localisé INSEE (CVS), même trimestre chaque année."]
    if fmt.ESTIMATE in niveau:
        notes.append("Pour ce territoire, taux estimé à partir de ses zones d'emploi (voir le niveau de calcul).")
    table = Table(f"Taux de chômage localisé ({quarter} de chaque année)", ["Période"] + [_nom(t) for t in traces], rows,
                  [False] + [True] * len(traces), notes, sorted({n for t in traces for n in t.sources}))
    svg = charts.lignes("g-chomage", lignes, ylabel="taux de chômage (%)", digits=1)
    alt = f"Courbes du taux de chômage de {own.nom}, de sa région et de la France ; valeurs dans le tableau qui suit."
    return Graphique("chomage", "Taux de chômage : comparaison avec la région et la France", svg, alt, table)


def graphique_secteurs(fiche: Fiche) -> Graphique | None:
    """The sector mix (A38): jobs of the largest sectors, industry (B to E) highlighted."""
    bloc = fiche.bloc("secteurs")
    t = next((x for x in (bloc.tableaux if bloc else []) if x.id == "secteurs"), None)
    if t is None or not any(c.id == "emploi_salarie_secteur" for c in t.colonnes):
        return None
    col = next(c for c in t.colonnes if c.id == "emploi_salarie_secteur")
    rows = [r for r in t.lignes if r.get("emploi_salarie_secteur") is not None]
    if not rows:
        return None
    libelles = [str(r.get("libelle") or r.get("dimension")) for r in rows]
    industrie = [str(r.get("dimension") or "")[:1] in "BCDE" for r in rows]
    svg = charts.barres("g-secteurs", libelles, [r["emploi_salarie_secteur"] for r in rows], industrie, xlabel=col.libelle)
    alt = "Barres des effectifs salariés privés des premiers secteurs A38 (industrie en bleu foncé) ; valeurs dans le tableau qui suit."
    table = tableau(t, titre=col.libelle, sans_colonnes_vides=True)
    table.notes = ["Secteurs industriels (sections B à E de la NAF) en bleu foncé."] + table.notes
    return Graphique("secteurs", "Structure sectorielle (A38)", svg, alt, table)


def vue(fiche: Fiche, comp: Comparaisons) -> Vue:
    """The whole view of one fiche, with its comparison series."""
    chiffres, methodes = _chiffres(fiche)
    pairs_bloc = fiche.bloc("pairs")
    pairs = tableau(pairs_bloc.tableaux[0]) if pairs_bloc and pairs_bloc.tableaux else None
    graphiques = [g for g in (graphique_emploi(comp), graphique_secteurs(fiche), graphique_chomage(comp)) if g]
    return Vue(
        fiche=fiche, resume=texte.resume(fiche), identite=_identite(fiche), chiffres=chiffres, methodes=methodes,
        labels=_labels(fiche), graphiques=graphiques, pairs=pairs, deputes=_deputes(fiche),
        sources=list(comp.sources) or list(fiche.sources),
    )


