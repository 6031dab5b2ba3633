"""The steering views shared by the screens and the API: board of projects, what a mission still
has to unblock, the programme block of a territory page.

Why here and not in the screens: a screen must never show another list than the API for the same
filters (tests compare them), so both call these functions with the same arguments.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vigie_industrie.programme import codes, crud, models, services
from vigie_industrie.programme.authz import Actor

STATUTS_PROJET = {
    "idee": "Idée", "instruction": "En instruction", "finance": "Financé", "en_cours": "En cours",
    "realise": "Réalisé", "abandonne": "Abandonné",
}
REGIONS = {
    "01": "Guadeloupe", "02": "Martinique", "03": "Guyane", "04": "La Réunion", "06": "Mayotte",
    "11": "Île-de-France", "24": "Centre-Val de Loire", "27": "Bourgogne-Franche-Comté", "28": "Normandie",
    "32": "Hauts-de-France", "44": "Grand Est", "52": "Pays de la Loire", "53": "Bretagne",
    "75": "Nouvelle-Aquitaine", "76": "Occitanie", "84": "Auvergne-Rhône-Alpes",
    "93": "Provence-Alpes-Côte d'Azur", "94": "Corse",
}


def check_filters(region: str | None, territoire_id: str | None, siren_epci: str | None) -> dict[str, str | None]:
    """The three scope filters, validated (``ValueError`` with a French message naming the filter)."""
    try:
        region = codes.check_region(region) if region else None
    except ValueError as exc:
        raise ValueError(f"region : {exc}") from exc
    try:
        territoire_id = codes.check_territoire(territoire_id) if territoire_id else None
    except ValueError as exc:
        raise ValueError(f"territoire_id : {exc}") from exc
    try:
        siren_epci = codes.check_siren(siren_epci, "SIREN de l'EPCI") if siren_epci else None
    except ValueError as exc:
        raise ValueError(f"siren_epci : {exc}") from exc
    return {"region": region, "territoire_id": territoire_id, "siren_epci": siren_epci}


def _projets(session: Session, actor: Actor, region, territoire_id, siren_epci, phase=None):
    stmt = crud.visible_query("projets", actor)
    p = models.Projet
    if phase:
        stmt = stmt.where(p.phase == phase)
    if region:
        stmt = stmt.where(p.code_region == region)
    if territoire_id:
        stmt = stmt.where(p.territoire_id == territoire_id)
    if siren_epci:
        stmt = stmt.where(p.siren_epci == siren_epci)
    return session.scalars(stmt.order_by(p.id)).all()


def carte_projet(pub) -> dict[str, Any]:
    """The short form of a project on a board or a mission page."""
    ouverts = [pt for pt in pub.points_blocage if pt.ouvert]
    return {"projet_id": pub.id, "titre": pub.titre, "statut": pub.statut, "territoire_id": pub.territoire_id,
            "phase": pub.phase, "code_region": pub.code_region, "siren_epci": pub.siren_epci,
            "jours_bloque": pub.jours_bloque, "points_ouverts": len(ouverts),
            "blocages": [pt.model_dump(mode="json", exclude_none=True) for pt in ouverts]}


def tableau_projets(*, session: Session, actor: Actor, today: date, region: str | None = None,
                    territoire_id: str | None = None, siren_epci: str | None = None,
                    phase: int | None = None) -> list[dict[str, Any]]:
    """Projects by status (one column per status, in the workflow's order), each with its blockages."""
    columns = {s: [] for s in STATUTS_PROJET}
    for row in _projets(session, actor, region, territoire_id, siren_epci, phase):
        columns[row.statut].append(carte_projet(crud.to_public("projets", row, today=today)))
    return [{"statut": s, "libelle": STATUTS_PROJET[s], "nombre": len(items), "projets": items}
            for s, items in columns.items()]


def encore_bloque(*, session: Session, actor: Actor, mission: models.Mission, today: date) -> list[dict[str, Any]]:
    """The linked projects of a mission that still have an open blocking point (oldest first)."""
    out = []
    for projet in mission.projets_lies:
        if not crud.visible(actor, "projets", projet):
            continue
        card = carte_projet(crud.to_public("projets", projet, today=today))
        if card["points_ouverts"]:
            out.append(card)
    return sorted(out, key=lambda c: (-(c["jours_bloque"] or 0), c["projet_id"]))


def suivi_mission(*, session: Session, actor: Actor, ident: int, today: date) -> dict[str, Any]:
    """A mission with its state, its linked projects and what is still blocked among them."""
    row = crud.get(session=session, resource="missions", ident=ident, actor=actor)
    pub = crud.to_public("missions", row, today=today)
    liens = [carte_projet(crud.to_public("projets", p, today=today)) for p in row.projets_lies
             if crud.visible(actor, "projets", p)]
    return {"mission": pub.model_dump(mode="json"), "projets": liens,
            "encore_bloque": encore_bloque(session=session, actor=actor, mission=row, today=today)}


def bloc_territoire(*, session: Session, actor: Actor, today: date, territoire_id: str | None = None,
                    siren_epci: str | None = None, region: str | None = None,
                    phase: int | None = None) -> dict[str, Any] | None:
    """The programme block of a territory page: contracts, projects by status, missions, need counts.

    Only what the caller may see through the API: contracts, projects and missions are public rows;
    needs are counted only (``services.besoins_par_categorie``: no firm, no detail). None when the
    territory has no programme row at all.
    """
    c = models.Contrat
    contrats = []
    if territoire_id or region:
        stmt = select(c).where(c.territoire_id == territoire_id) if territoire_id else select(c).where(c.code_region == region)
        if phase:
            stmt = stmt.where(c.phase == phase)
        contrats = [{"contrat_id": r.id, "territoire_id": r.territoire_id, "phase": r.phase, "statut": r.statut,
                     "intitule": r.intitule, "date_signature": r.date_signature}
                    for r in session.scalars(stmt.order_by(c.phase, c.territoire_id))]
    tableau = tableau_projets(session=session, actor=actor, today=today, region=region,
                              territoire_id=territoire_id, siren_epci=siren_epci, phase=phase)
    m = models.Mission
    missions = []
    if territoire_id or region:
        stmt = crud.visible_query("missions", actor)
        stmt = stmt.where(m.territoire_id == territoire_id) if territoire_id else stmt.where(m.code_region == region)
        if phase:
            stmt = stmt.where(m.phase == phase)
        missions = [crud.to_public("missions", r, today=today) for r in session.scalars(stmt.order_by(m.date_debut, m.id))]
    besoins = []
    if territoire_id or region:
        besoins = [r for r in services.besoins_par_categorie(session=session, territoire_id=territoire_id, region=region)
                   if not phase or r["phase"] == phase]
    elif siren_epci:
        b = models.Besoin
        besoins = [{"categorie": cat, "nombre": int(n)} for cat, n in session.execute(
            select(b.categorie, func.count()).where(b.siren_epci == siren_epci).group_by(b.categorie).order_by(b.categorie))]
    nb_projets = sum(col["nombre"] for col in tableau)
    if not (contrats or nb_projets or missions or besoins):
        return None
    par_categorie: dict[str, int] = {}
    for r in besoins:
        par_categorie[r["categorie"]] = par_categorie.get(r["categorie"], 0) + r["nombre"]
    return {"contrats": contrats, "projets": [col for col in tableau if col["nombre"]], "nb_projets": nb_projets,
            "missions": [mi.model_dump(mode="json") for mi in missions],
            "besoins": sorted(par_categorie.items()), "nb_besoins": sum(par_categorie.values())}
