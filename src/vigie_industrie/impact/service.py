"""Compute the impact of closing one site or several: the queries of ``impact/sql`` and the answer.

The figures a loss is compared with are read from the indicator marts (``indicateur_valeur`` over
``territoire_commune``), at their latest period ending in or before the year preceding the closure:
they are never recomputed here. The SQL computes the shares, the sector's weight, the establishments
left and the comparable past losses, set-based; Python only applies the cited multipliers
(``parametres``) and writes each figure with its numbered sources and assumptions.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from importlib import resources

import duckdb

from vigie_industrie import errors
from vigie_industrie.fiches.citations import Citations
from vigie_industrie.fiches.model import Colonne, Tableau
from vigie_industrie.impact import hypotheses as H
from vigie_industrie.impact import parametres, saisie
from vigie_industrie.impact.model import (
    Chomage, CodeLibelle, Disponibilite, Hypothese, Impact, MultiplicateurResultat, Naf, Publication, Site,
    SourceImpact, TerritoireTouche, Valeur,
)

KIND_ORDER = {"commune": 0, "epci": 1, "zone_emploi": 2, "territoire_industrie": 3}
LIBELLE_TYPE = {"commune": "Commune", "epci": "EPCI", "zone_emploi": "Zone d'emploi",
                "territoire_industrie": "Territoire d'industrie"}
FIGURES = {
    "emploi_industriel": "Emploi salarié industriel",
    "part_perte_emploi_industriel": "Part de l'emploi industriel perdue",
    "emploi_salarie_prive": "Emploi salarié privé (tous secteurs)",
    "part_perte_emploi_salarie_prive": "Part de l'emploi salarié privé perdue",
    "part_industrie": "Part de l'industrie dans l'emploi salarié privé",
    "emploi_secteur": "Emploi salarié du secteur",
    "part_perte_secteur": "Part de l'emploi du secteur perdue",
    "poids_secteur": "Poids du secteur dans l'emploi salarié privé",
    "quotient_localisation_secteur": "Quotient de localisation du secteur (France = 1)",
    "etablissements_secteur": "Établissements employeurs du secteur",
    "etablissements_restants": "Établissements du secteur restants après fermeture",
}
FIGURE_ORDER = {k: n for n, k in enumerate(FIGURES)}
PUBLICATION = "publication:"


@lru_cache(maxsize=None)
def _sql(name: str) -> str:
    return (resources.files("vigie_industrie.impact") / "sql" / f"{name}.sql").read_text(encoding="utf-8")


def _query(con, name: str, params: dict) -> list[dict]:
    cursor = con.execute("with\n" + _sql("_sites") + ",\n\n" + _sql(name), params)
    cols = [d[0] for d in cursor.description]
    return [dict(zip(cols, row)) for row in cursor.fetchall()]


def _params(sites: list[saisie.SiteVerifie], annee: int | None) -> dict:
    return {
        "site_ids": list(range(len(sites))),
        "communes": [s.commune for s in sites],
        "epcis": [s.epci for s in sites],
        "a38s": [s.a38 for s in sites],
        "industrie": [s.is_industrie for s in sites],
        "emplois": [s.saisi.emplois for s in sites],
        "annee": annee,
        "codes": None,
    }


def _key(row: dict) -> tuple:
    return (row["type"], row["code"], row["phase"])


def simuler(con: duckdb.DuckDBPyConnection, sites: list[saisie.SiteSaisi], *, date_fermeture: date | None = None,
            multiplicateur: str | None = None) -> Impact:
    """The impact of closing ``sites`` (checked here against the warehouse) at ``date_fermeture``."""
    params_m = parametres.load()
    choisi = params_m.get(multiplicateur)
    verifies = saisie.verifier(con, sites)
    annee = date_fermeture.year - 1 if date_fermeture else None
    params = _params(verifies, annee)
    touched = _query(con, "touched", params)
    params["codes"] = sorted({t["code"] for t in touched})
    rows = _query(con, "territoires", params)
    _check_capacity(touched, _query(con, "touched_sector", params), rows)
    chomage_rows = _query(con, "chomage", params)
    comparables = _query(con, "comparables", params)

    cite = Citations()
    hyp = H.Registre()
    direct = sum(s.saisi.emplois for s in verifies)
    h_stock = hyp.add(H.STOCK)
    epci_sites = any(s.epci for s in verifies)
    h_epci = hyp.add(H.SITE_EPCI) if epci_sites else None

    by_territory: dict[tuple, list[dict]] = {}
    for r in rows:
        by_territory.setdefault(_key(r), []).append(r)
    territoires = []
    for t in sorted(touched, key=lambda t: (KIND_ORDER[t["type"]], t["phase"] or 0, t["code"])):
        figures = []
        for r in sorted(by_territory.get(_key(t), []), key=lambda r: (FIGURE_ORDER[r["figure"]], r["dimension"] or "")):
            hyps = [h_stock]
            if r["figure"] == "etablissements_restants":
                hyps.append(hyp.add(H.ETABLISSEMENT))
            if not t["certain"] and h_epci:
                hyps.append(h_epci)
            label = FIGURES[r["figure"]]
            if r["dimension"]:
                label += f" {r['dimension']}"
            figures.append(Valeur(
                id=r["figure"], libelle=label, valeur=_round(r["valeur"]), unite=r["unite"], periode=r["periode"],
                dimension=r["dimension"], niveau=r["niveau"], methode=r["methode"], note=r["note"],
                sources=cite.cite(r["source"]) if r["valeur"] is not None or r["source"] else [],
                hypotheses=sorted(set(hyps)),
            ))
        notes = []
        if not t["certain"]:
            notes.append(f"Site donné par EPCI : placé dans ce territoire, qui porte {100 * (t['part_population_min'] or 0):.0f} % "
                         "de la population de l'EPCI (hypothèse).")
        territoires.append(TerritoireTouche(
            type=t["type"], libelle_type=LIBELLE_TYPE[t["type"]] + (f" (phase {t['phase']})" if t["phase"] else ""),
            code=t["code"], phase=t["phase"], nom=t["nom"], certain=bool(t["certain"]), emplois_perdus=int(t["emplois_perdus"]),
            chiffres=figures, notes=notes))
    for kind, phase in (("territoire_industrie", 1), ("territoire_industrie", 2)):
        if not any(t["type"] == kind and t["phase"] == phase for t in touched):
            territoires.append(TerritoireTouche(
                type=kind, libelle_type=f"Territoire d'industrie (phase {phase})", code="", phase=phase, nom=None,
                certain=True, emplois_perdus=0, chiffres=[],
                notes=[f"Aucun site dans un Territoire d'industrie de la phase {phase}."]))

    chomage, population_active = _chomage(chomage_rows, cite, hyp)
    direct_zone = chomage[0].emplois_perdus or direct
    multiplicateurs = _multiplicateurs(params_m, choisi, direct, direct_zone, population_active, cite, hyp, verifies)
    tables = _comparables(comparables, touched, cite, hyp)
    sites_out = [_site(s) for s in verifies]
    titre = (f"Fermeture de {sites_out[0].libelle}" if len(verifies) == 1
             else f"Scénario de {len(verifies)} sites ({direct} emplois directs)")
    return Impact(
        titre=titre, date=date_fermeture.isoformat() if date_fermeture else None, annee_reference=annee,
        sites=sites_out, emplois_directs=direct, multiplicateur=choisi.id, territoires=territoires,
        multiplicateurs=multiplicateurs, chomage=chomage, comparables=tables,
        disponibilite=_disponibilite(territoires, chomage[0], population_active),
        hypotheses=hyp.liste(), sources=_sources(con, cite, params_m),
    )


def _round(value):
    return None if value is None else round(float(value), 4)


def _site(s: saisie.SiteVerifie) -> Site:
    where = f"{s.nom_commune} ({s.commune})" if s.commune else f"{s.nom_epci} ({s.epci})"
    libelle = s.saisi.libelle or f"{s.saisi.emplois} emplois en {s.naf5} à {where}"
    return Site(
        libelle=libelle, commune=CodeLibelle(code=s.commune, nom=s.nom_commune) if s.commune else None,
        epci=CodeLibelle(code=s.epci, nom=s.nom_epci) if s.epci else None,
        naf=Naf(code=s.naf5, libelle=s.libelle_ape, a38=s.a38, libelle_a38=s.libelle_a38, industrie=s.is_industrie),
        emplois=s.saisi.emplois, notes=list(s.notes))


def _check_capacity(touched, sectors, rows) -> None:
    """Refuse more jobs than the sector holds in a territory, where that figure is known (not estimated)."""
    names = {_key(t): t["nom"] for t in touched}
    lost = {(*_key(s), s["a38"]): s["emplois_perdus"] for s in sectors}
    for r in rows:
        if r["figure"] != "emploi_secteur" or r["valeur"] is None or r["niveau"] not in ("exact", "union de zones"):
            continue
        wanted = lost.get((*_key(r), r["dimension"]), 0)
        if wanted > r["valeur"]:
            raise errors.ValidationFailed(
                f"{wanted} emplois perdus dans le secteur {r['dimension']} : plus que les {int(round(r['valeur']))} emplois "
                f"salariés privés que ce secteur compte dans ce territoire ({LIBELLE_TYPE[r['type']]} "
                f"{names.get(_key(r)) or r['code']}, {r['periode']}, {r['niveau']}). Vérifiez le nombre d'emplois, le code NAF ou la commune."
            )


def _chomage(rows, cite, hyp):
    """One block per zone d'emploi holding sites (the one losing most first); the labour force of that one."""
    if not rows:
        return [Chomage(zone_emploi=None, chiffres=[], notes=["Aucune zone d'emploi ne porte le site."])], None
    blocks = [_chomage_zone(r, cite, hyp, principale=n == 0, plusieurs=len(rows) > 1) for n, r in enumerate(rows)]
    return blocks, rows[0]["population_active"]


def _chomage_zone(r, cite, hyp, principale, plusieurs):
    direct = int(r["emplois_perdus"])
    h_pa = hyp.add(H.POPULATION_ACTIVE)
    h_u = hyp.add(H.CHOMAGE)
    notes = []
    pa = r["population_active"]
    if pa is None:
        missing = [what for what, v in (("taux de chômage", r["taux_chomage"]), ("emploi ESTEL", r["emploi_total"]),
                                        ("ratio emplois / actifs occupés du recensement", r["ratio_emplois_actifs"])) if v is None]
        notes.append("Aucune population active chargée ni calculable pour cette zone (manque : " + ", ".join(missing)
                     + ") : l'effet sur le taux de chômage n'est pas calculé.")
    chiffres = [
        Valeur(id="taux_chomage", libelle="Taux de chômage localisé (avant fermeture)", valeur=r["taux_chomage"], unite="%",
               periode=r["periode_taux"], niveau="exact", note=r["note_taux"], sources=cite.cite("insee-zones-emploi-chomage")),
        Valeur(id="emploi_total", libelle="Emploi total au lieu de travail (ESTEL)", valeur=r["emploi_total"], unite="emplois",
               periode=r["periode_emploi"], niveau="exact", note=r["note_emploi"], sources=cite.cite("ptod-emploi-ze-secteurs")),
        Valeur(id="ratio_emplois_actifs_occupes", libelle="Emplois pour 100 actifs occupés résidents (recensement 2022)",
               valeur=r["ratio_emplois_actifs"], unite="indice", periode="2022", niveau="calcul réutilisateur",
               sources=cite.cite("ptod-emploi-ze-secteurs")),
        Valeur(id="population_active", libelle="Population active de la zone (estimation)", valeur=_round(pa), unite="personnes",
               periode=r["periode_emploi"], niveau="estimation",
               methode="emploi ESTEL × 100 / ratio emplois-actifs occupés / (1 − taux de chômage / 100)",
               note=None if pa is not None else "Non calculable : une des trois données manque.",
               sources=cite.cite("ptod-emploi-ze-secteurs", "insee-zones-emploi-chomage"), hypotheses=[h_pa]),
        Valeur(id="hausse_chomage_directs", libelle="Hausse du taux de chômage, emplois directs seuls (majorant)",
               valeur=_round(parametres.hausse_chomage(direct, pa)), unite="points", periode=r["periode_taux"],
               niveau="estimation", methode="100 × emplois directs / population active",
               note=None if pa is not None else "Non calculable sans population active.",
               sources=cite.cite("ptod-emploi-ze-secteurs", "insee-zones-emploi-chomage"), hypotheses=[h_pa, h_u]),
    ]
    if r["taux_chomage"] is not None and pa is not None:
        chiffres.append(Valeur(
            id="taux_chomage_apres_directs", libelle="Taux de chômage après fermeture, emplois directs seuls (majorant)",
            valeur=_round(r["taux_chomage"] + parametres.hausse_chomage(direct, pa)), unite="%", periode=r["periode_taux"],
            niveau="estimation", methode="taux + hausse", sources=cite.cite("insee-zones-emploi-chomage"), hypotheses=[h_pa, h_u]))
    if principale and plusieurs:
        notes.append("Zone principale : les hausses par multiplicateur (tableau des multiplicateurs) portent sur elle.")
    return Chomage(zone_emploi=CodeLibelle(code=r["code_ze"], nom=r["nom_ze"]), emplois_perdus=direct, principale=principale,
                   chiffres=chiffres, notes=notes)


def _multiplicateurs(params_m, choisi, direct, direct_zone, pa, cite, hyp, sites) -> list[MultiplicateurResultat]:
    h_sym = hyp.add(H.SYMETRIE)
    extra = [hyp.add(H.NON_INDUSTRIEL)] if not all(s.is_industrie for s in sites) else []
    out = []
    for m in params_m.multiplicateurs.values():
        hyps = [h_sym, *extra] + ([hyp.add(H.PARLEMENT)] if m.hypothese else [])
        total = parametres.total(direct, m)
        out.append(MultiplicateurResultat(
            id=m.id, libelle=m.libelle, role=params_m.role(m.id), statut=m.statut, choisi=m.id == choisi.id,
            valeur=m.valeur, bas=m.bas, haut=m.haut, unite=m.unite, periode_estimation=m.periode_estimation, portee=m.portee,
            annee_publication=m.annee_publication, emplois_indirects=parametres.indirects(direct, m),
            emplois_indirects_bas=parametres.indirects(direct, m, "bas"),
            emplois_indirects_haut=parametres.indirects(direct, m, "haut"), emplois_total=total,
            hausse_chomage_points=_round(parametres.hausse_chomage(parametres.total(direct_zone, m), pa)),
            sources=cite.cite(PUBLICATION + m.id), hypotheses=sorted(set(hyps))))
    return out


def _comparables(rows, touched, cite, hyp) -> list[Tableau]:
    names = {_key(t): t["nom"] for t in touched}
    h = hyp.add(H.COMPARABLES)
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        groups.setdefault((r["type"], r["code_cible"], r["phase_cible"]), []).append(r)
    colonnes = [Colonne(id="rang", libelle="Rang"), Colonne(id="code", libelle="Code"), Colonne(id="nom", libelle="Territoire"),
                Colonne(id="periode", libelle="Période"), Colonne(id="emploi_debut", libelle="Emploi industriel au début", unite="emplois"),
                Colonne(id="variation", libelle="Variation sur 3 ans", unite="emplois"),
                Colonne(id="variation_pct", libelle="Variation sur 3 ans (%)", unite="%")]
    tables = []
    for t in sorted(touched, key=lambda t: (KIND_ORDER[t["type"]], t["phase"] or 0)):
        key = _key(t)
        group = groups.get(key, [])
        label = f"{LIBELLE_TYPE[t['type']]} {names.get(key) or t['code']}" + (f" (phase {t['phase']})" if t["phase"] else "")
        if not group:
            continue
        first = group[0]
        lost = first["emplois_industriels_perdus"] or 0
        periods = sorted({f"{r['annee_debut']}-{r['annee_fin']}" for r in group})
        notes = [
            f"{first['nb_territoires']} territoire(s) de même type et de taille comparable (emploi industriel en début de période "
            f"entre {int(first['taille'] / 2)} et {int(first['taille'] * 2)}) ont déjà perdu de l'emploi industriel sur 3 ans ; "
            f"{first['nb_pertes_superieures']} ont perdu au moins les {lost} emplois industriels de la simulation.",
            f"Fenêtres de 3 ans des lignes affichées : {', '.join(periods)}.",
        ]
        if first["niveau_taille"] == "estimation":
            notes.append("La taille du territoire simulé est une estimation (emploi réparti au prorata de la population).")
        tables.append(Tableau(
            id=f"comparables_{t['type']}_{t['code']}" + (f"_p{t['phase']}" if t["phase"] else ""),
            titre=f"Plus fortes pertes d'emploi industriel sur 3 ans déjà observées, territoires comparables à {label}",
            colonnes=colonnes,
            lignes=[{"rang": r["rang"], "code": r["code"], "nom": r["nom"], "periode": f"{r['annee_debut']}-{r['annee_fin']}",
                     "emploi_debut": _round(r["emploi_debut"]), "variation": _round(r["variation"]),
                     "variation_pct": _round(r["variation_pct"])} for r in group],
            notes=notes + [f"Hypothèse (H{h})."], sources=cite.cite(*sorted({r["source"] for r in group}))))
    return tables


def _disponibilite(territoires, chomage, pa) -> list[Disponibilite]:
    out = []
    for t in territoires:
        if not t.chiffres:
            continue
        name = f"{t.libelle_type} {t.nom or t.code}"
        by_id = {(c.id, c.libelle): c for c in t.chiffres}
        for (fid, label), c in by_id.items():
            if fid not in ("emploi_industriel", "emploi_salarie_prive", "emploi_secteur", "etablissements_secteur"):
                continue
            if c.valeur is None:
                out.append(Disponibilite(chiffre=f"{label} — {name}", disponible=False, detail=c.note or "non disponible"))
            else:
                out.append(Disponibilite(chiffre=f"{label} — {name}", disponible=True,
                                         detail=f"{c.niveau or ''} ({c.periode})"))
    out.append(Disponibilite(chiffre="Population active de la zone d'emploi", disponible=pa is not None,
                             detail="estimation (ESTEL, recensement 2022, taux de chômage)" if pa is not None else
                             " ".join(chomage.notes) or "non disponible"))
    out.append(Disponibilite(chiffre="Multiplicateurs d'emploi local", disponible=True,
                             detail="paramètres publiés et cités (impact/parametres/multiplicateurs.toml), pas des données chargées"))
    return out


def _sources(con, cite: Citations, params_m) -> list[SourceImpact]:
    out = []
    for s in cite.sources(con):
        if s.id.startswith(PUBLICATION):
            m = params_m.multiplicateurs[s.id[len(PUBLICATION):]]
            p = m.source
            out.append(SourceImpact(numero=s.numero, id=s.id, attribution=f"{p.auteurs}, « {p.titre} », {p.editeur}, {p.reference}",
                                    publication=Publication(titre=p.titre, auteurs=p.auteurs, editeur=p.editeur,
                                                            reference=p.reference, url=p.url or None,
                                                            verification=p.verification or None)))
        else:
            out.append(SourceImpact(**s.model_dump()))
    return out
