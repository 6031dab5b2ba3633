"""« À traiter »: what waits for one signed-in user, computed once for the API, the page and the e-mail digest.

Why one function: the page ``/a-traiter``, ``GET /api/v1/programme/a-traiter`` and the digest of
``vigie programme digest`` must list the same things for the same person, so they all call
:func:`a_traiter`. Three kinds of items, each scoped by the user's rights (``authz``):

- **besoins** and **projets à venir** (the EPCI → région workflow of ``programme/transmission``):
  those transmitted to the user's région and not yet acknowledged (statut ``transmis``) — for a
  ``region`` user its région's, for ``admin`` every région's; for an ``epci`` user, its own rows
  still in draft (``brouillon``), which wait for it to pass them on. They name firms: a user only
  ever gets the rows ``crud.visible_query`` lets it read, so an EPCI never sees another EPCI's
  firm and a région never sees a draft.
- **missions**: open missions whose deadline falls within ``horizon`` days (15 by default),
  overdue ones included (« en retard de N j »): a région's, or for an EPCI those of the
  Territoires d'industrie holding its communes (warehouse), else of the territories of its rows.
- **projets**: projects blocked for more than ``jours`` days (oldest unresolved blocking point,
  ``services.projets_bloques``), of the région, of the EPCI, or all for ``admin``.

A ``lecteur`` has nothing to do (read-only role): an empty answer with the reason.
``today`` is a parameter (tests inject their clock).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie_industrie import errors
from vigie_industrie.programme import crud, models, services, territorial
from vigie_industrie.programme.authz import Actor

HORIZON_JOURS = 15
SEUIL_BLOCAGE_JOURS = 60
STATUT_TRANSMIS = "transmis"  # passed to the région, not yet acknowledged (programme/transmission.py)
STATUT_BROUILLON = "brouillon"  # an EPCI's row not yet passed on
URGENCE_ORDRE = {"critique": 0, "haute": 1, "moyenne": 2, "faible": 3}

# The page of each item in the web app (the besoins, missions and projets screens).
LIENS = {"besoins": "/besoins/{id}", "projets_a_venir": "/projets-a-venir/{id}", "missions": "/pilotage/missions/{id}",
         "projets": "/pilotage/projets/{id}"}
KINDS = ("besoins", "projets_a_venir", "missions", "projets")  # the answer's lists, in the page's order


def lien(resource: str, ident: int) -> str:
    return LIENS[resource].format(id=ident)


def a_traiter(*, session: Session, actor: Actor, today: date, jours: int = SEUIL_BLOCAGE_JOURS,
              horizon: int = HORIZON_JOURS, warehouse: Path | None = None) -> dict[str, Any]:
    """The user's to-do list: ``{"besoins", "projets_a_venir", "missions", "projets", "total", ...}``."""
    if not actor.authenticated:
        raise errors.NotAuthenticated(
            "« À traiter » est la liste de chaque utilisateur : connectez-vous (page /connexion, "
            "ou POST /api/v1/auth/token puis « Authorization: Bearer <jeton> »)."
        )
    if jours < 0 or horizon < 0:
        raise errors.ValidationFailed("jours et horizon : nombres de jours positifs ou nuls attendus.")
    answer: dict[str, Any] = {"utilisateur": actor.email, "role": actor.role, "date": today,
                              "seuil_blocage_jours": jours, "horizon_jours": horizon,
                              **{kind: [] for kind in KINDS}, "total": 0, "remarque": None}
    if actor.role == "lecteur":
        answer["remarque"] = ("Le rôle lecteur est en lecture seule : aucune tâche ne lui est adressée "
                              "(besoins, missions et projets relèvent des comptes région et EPCI).")
        return answer
    answer["besoins"] = _besoins(session, actor, today)
    answer["projets_a_venir"] = _projets_a_venir(session, actor, today)
    answer["missions"] = _missions(session, actor, today, horizon, warehouse)
    answer["projets"] = _projets(session, actor, today, jours)
    answer["total"] = sum(len(answer[kind]) for kind in KINDS)
    return answer


def _waiting(session: Session, actor: Actor, resource: str, today: date) -> list[tuple[Any, dict[str, Any]]]:
    """Rows of a transmitted resource waiting for ``actor``, with their common fields."""
    model = crud.RESOURCES[resource].model
    statut = STATUT_BROUILLON if actor.role == "epci" else STATUT_TRANSMIS
    stmt = crud.visible_query(resource, actor).where(model.statut == statut)  # rights first, then the status
    out = []
    for row in session.scalars(stmt.order_by(model.id)):
        since = row.statut_depuis.date() if row.statut_depuis is not None else row.created_at.date()
        out.append((row, {"territoire_id": row.territoire_id, "phase": row.phase, "code_region": row.code_region,
                          "siren_epci": row.siren_epci, "statut": row.statut, "depuis": since,
                          "jours_attente": (today - since).days, "lien": lien(resource, row.id)}))
    return out


def _besoins(session: Session, actor: Actor, today: date) -> list[dict[str, Any]]:
    out = [{"besoin_id": row.id, **common, "siren_entreprise": row.siren_entreprise,
            "nom_entreprise": row.nom_entreprise, "categorie": row.categorie, "urgence": row.urgence}
           for row, common in _waiting(session, actor, "besoins", today)]
    return sorted(out, key=lambda r: (URGENCE_ORDRE.get(r["urgence"], 9), r["depuis"], r["besoin_id"]))


def _projets_a_venir(session: Session, actor: Actor, today: date) -> list[dict[str, Any]]:
    out = [{"projet_a_venir_id": row.id, **common, "porteur": row.porteur, "nature": row.nature,
            "horizon": row.horizon, "emplois_prevus": row.emplois_prevus}
           for row, common in _waiting(session, actor, "projets_a_venir", today)]
    return sorted(out, key=lambda r: (r["depuis"], r["projet_a_venir_id"]))


def _missions(session: Session, actor: Actor, today: date, horizon: int, warehouse: Path | None) -> list[dict[str, Any]]:
    region = actor.code_region if actor.role == "region" else None
    rows = services.missions_ouvertes(session=session, today=today, region=region)
    if actor.role == "epci":
        mine = _epci_territoires(session, actor, warehouse)
        rows = [r for r in rows if (r["territoire_id"], r["phase"]) in mine]
    return [{**r, "lien": lien("missions", r["mission_id"])} for r in rows
            if (r["date_echeance"] - today).days <= horizon]


def _projets(session: Session, actor: Actor, today: date, jours: int) -> list[dict[str, Any]]:
    region = actor.code_region if actor.role == "region" else None
    rows = services.projets_bloques(session=session, jours=jours, today=today, region=region)
    if actor.role == "epci":
        rows = [r for r in rows if r["siren_epci"] == actor.siren_epci]
    return [{**r, "lien": lien("projets", r["projet_id"])} for r in rows]


def _epci_territoires(session: Session, actor: Actor, warehouse: Path | None) -> set[tuple[str, int]]:
    """(territoire, phase) of an EPCI: those holding its communes (warehouse), else those of its own rows."""
    facts = None
    try:
        facts = territorial.load_facts(warehouse, [], actor)
    except errors.WarehouseMissing:
        facts = None
    if facts is not None and actor.siren_epci in facts.epcis:
        return set(facts.epcis[actor.siren_epci].territoires)
    out: set[tuple[str, int]] = set()
    for model in (models.Projet, models.Besoin):
        out.update(session.execute(select(model.territoire_id, model.phase)
                                   .where(model.siren_epci == actor.siren_epci).distinct()).tuples())
    return out
