"""The EPCI → région transmission workflow, shared by besoins and projets à venir.

Why one module: the Béthune declaration (18 December 2023) has intercommunalités collect firms'
needs and their knowledge of upcoming industrial projects and pass them to the région. Both
resources follow the same steps, with the same rights, so the rules live here once:

    brouillon ──transmettre──▶ transmis ──accuser──▶ accuse ──assigner──▶ assigne
                                                       │                    │
                                                       └──repondre──▶ repondu ◀┘ ──clore──▶ clos

- a ``brouillon`` belongs to its EPCI: only that EPCI and the admins see it; a région sees a row
  from ``transmis`` on (a draft is answered 404, as a row outside one's scope, so nothing leaks);
- the EPCI (or an admin) transmits, one row or a batch: all of the batch or nothing, and the
  refusal names the id that failed; the région (or an admin) acknowledges, assigns to a named
  person or service, answers (with the answer's text) and closes;
- a status never moves back (re-assigning keeps ``assigne``); each step appends to ``etapes``
  (status, date, who, note) and to the audit journal (action = the step's name);
- the content (firm, category, description…) is the EPCI's while it is a draft; once transmitted
  it is frozen for the EPCI (409) and never edited by the région (403): the région answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select

from vigie_industrie import errors
from vigie_industrie.programme import models
from vigie_industrie.programme.authz import LABELS, Actor, api_path, in_scope, not_found

RESOURCES = ("besoins", "projets_a_venir")
ORDER = ("brouillon", "transmis", "accuse", "assigne", "repondu", "clos")
STATUT_LABELS = {
    "brouillon": "brouillon",
    "transmis": "transmis à la région",
    "accuse": "réception accusée",
    "assigne": "assigné",
    "repondu": "répondu",
    "clos": "clos",
}
EPCI_SIDE = ("epci", "admin")
REGION_SIDE = ("region", "admin")


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: tuple[str, ...]
    target: str
    roles: tuple[str, ...]


ACTIONS = {a.name: a for a in (
    Action("transmettre", "transmettre à la région", ("brouillon",), "transmis", EPCI_SIDE),
    Action("accuser", "accuser réception", ("transmis",), "accuse", REGION_SIDE),
    Action("assigner", "assigner", ("accuse", "assigne"), "assigne", REGION_SIDE),
    Action("repondre", "répondre", ("accuse", "assigne"), "repondu", REGION_SIDE),
    Action("clore", "clore", ("accuse", "assigne", "repondu"), "clos", REGION_SIDE),
)}


def is_transmitted(resource: str) -> bool:
    return resource in RESOURCES


def label(statut: str) -> str:
    return STATUT_LABELS.get(statut, statut)


def step(actor: Actor, statut: str, now: datetime, note: str = "") -> dict[str, Any]:
    """One entry of ``etapes`` (JSON-safe)."""
    return {"statut": statut, "le": now.isoformat(), "par": actor.email, "role": actor.role, "note": note}


def initial_values(actor: Actor, now: datetime) -> dict[str, Any]:
    """Workflow columns of a new row: a draft, its first dated step."""
    return {"statut": "brouillon", "statut_depuis": now, "etapes": [step(actor, "brouillon", now)]}


# --- visibility and edit rights --------------------------------------------------------


def hidden_from(actor: Actor, statut: str) -> bool:
    """A région (and anyone but the EPCI and the admins) never sees a draft."""
    return statut == "brouillon" and actor.role not in EPCI_SIDE


def restrict(stmt: Select, model: type[models.Base], actor: Actor) -> Select:
    """``visible_query``'s extra WHERE for a transmitted resource (drafts stay with their EPCI)."""
    if actor.role not in EPCI_SIDE:
        stmt = stmt.where(model.statut != "brouillon")
    return stmt


def check_visible(actor: Actor, resource: str, row: models.Base, ident: object) -> None:
    if hidden_from(actor, row.statut):
        raise not_found(resource, ident)


def check_create(actor: Actor, resource: str) -> None:
    if actor.role == "region":
        raise errors.Forbidden(
            f"Un {LABELS[resource]} est saisi par l'EPCI qui l'a recueilli, puis transmis à la région : "
            "votre compte région le voit dans sa boîte de réception une fois transmis."
        )


def check_editable(actor: Actor, resource: str, row: models.Base, ident: object) -> None:
    """PATCH/DELETE: the EPCI edits its drafts; the région answers through the actions, never edits."""
    check_visible(actor, resource, row, ident)
    if actor.role == "region":
        raise errors.Forbidden(
            f"La région ne modifie ni ne supprime un {LABELS[resource]} transmis : accusez réception, "
            f"assignez, répondez ou clôturez (POST /api/v1/{api_path(resource)}/{ident}/accuser…)."
        )
    if actor.role == "epci" and row.statut != "brouillon":
        raise errors.Conflict(
            f"Le {LABELS[resource]} {ident} est déjà {label(row.statut)} : son contenu est figé ; "
            "la suite se passe avec la région (sa réponse apparaît dans l'historique)."
        )


# --- steps -----------------------------------------------------------------------------


def check_action(actor: Actor, resource: str, row: models.Base | None, action: Action, ident: int) -> None:
    """401/403/404/409 before a step, with the French reason."""
    what = LABELS[resource]
    if not actor.authenticated:
        raise errors.NotAuthenticated(
            f"« {action.label.capitalize()} » est réservé aux utilisateurs connectés : POST /api/v1/auth/token."
        )
    if actor.role == "lecteur":
        raise errors.Forbidden(f"Le rôle lecteur est en lecture seule : impossible de {action.label} un {what}.")
    if row is None or not in_scope(actor, row.code_region, row.siren_epci) or hidden_from(actor, row.statut):
        raise not_found(resource, ident)
    if actor.role not in action.roles:
        who = "l'EPCI qui l'a saisi" if action.roles == EPCI_SIDE else "la région"
        raise errors.Forbidden(f"Seul(e) {who} peut {action.label} un {what} (votre rôle : {actor.role}).")
    if row.statut not in action.sources:
        allowed = " ou ".join(f"« {label(s)} »" for s in action.sources)
        raise errors.Conflict(
            f"Le {what} {ident} est au statut « {label(row.statut)} » : « {action.label} » n'est possible "
            f"que depuis {allowed} (un statut ne revient jamais en arrière)."
        )


def apply(*, session, resource: str, ids: list[int], action: str, actor: Actor, now: datetime | None = None,
          note: str = "", assigne_a: str | None = None, reponse: str | None = None) -> list[models.Base]:
    """Run one step on every id, inside the caller's transaction: all succeed or the first refusal is
    raised (the caller's rollback then undoes the others), its message naming the refused id."""
    from vigie_industrie.programme import crud  # crud calls this module's checks

    spec = ACTIONS[action]
    model = crud.RESOURCES[resource].model
    now = now or models.utcnow()
    done = []
    for ident in dict.fromkeys(ids):
        row = session.get(model, ident)
        try:
            check_action(actor, resource, row, spec, ident)
        except errors.VigieError as exc:
            if len(ids) > 1:
                exc.message = (f"Rien n'a été fait ({len(ids)} {_plural(resource)} demandés) : "
                               f"{LABELS[resource]} {ident} refusé — {exc.message}")
                exc.args = (exc.message,)
            raise
        before = crud.snapshot(row)
        row.statut = spec.target
        row.statut_depuis = now
        entry = step(actor, spec.target, now, note)
        if action == "assigner":
            row.assigne_a = assigne_a
            entry["note"] = f"assigné à {assigne_a}" + (f" — {note}" if note else "")
        elif action == "repondre":
            row.reponse = reponse
            row.date_reponse = now.date()
        row.etapes = [*row.etapes, entry]
        crud.flush_row(session, resource, ident)
        crud.audit(session=session, actor=actor, action=action, entity=resource, entity_id=ident,
                   before=before, after=crud.snapshot(row))
        done.append(row)
    return done


def _plural(resource: str) -> str:
    from vigie_industrie.programme.authz import plural

    return plural(resource)
