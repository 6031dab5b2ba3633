"""Custom perimeters (« Bassin minier », « Audomarois ») in the programme store.

A perimeter is owned by a user, not scoped to a region, so its rights are not those of
``authz`` (one table of region/EPCI rules): a private perimeter is seen by its owner and
the admins only, a public one by everybody; only the owner or an admin changes it; a
``lecteur`` (public read-only) and an anonymous caller only read public ones. Writes are
audited like every other resource (``crud.audit``), in the caller's transaction.

Members are validated by a function the caller passes (``check_members``): the store
does not open the warehouse itself, the CLI and the API hand it the one they use.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import Select, false, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from vigie_industrie import errors
from vigie_industrie.programme import crud, models
from vigie_industrie.programme.authz import Actor
from vigie_industrie.programme.schemas import Strict, Text

RESOURCE = "perimetres"
PREFIX = "perim-"
IDENT = re.compile(r"^perim-(\d{1,9})$", re.IGNORECASE)
MAX_MEMBERS = 2000
Visibilite = Literal["prive", "public"]
MemberCode = Annotated[str, Field(min_length=5, max_length=9, pattern=r"^(\d{5}|2[AB]\d{3}|\d{9})$",
                                  examples=["200069037", "62765"])]


class Membre(BaseModel):
    """A member as validated against the warehouse."""

    code: str = Field(description="Code INSEE de commune ou SIREN d'EPCI.")
    type: Literal["commune", "epci"]
    nom: str


class PerimetreCreate(Strict):
    nom: Text(200, 1)
    description: Text(2000) = ""
    visibilite: Visibilite = "prive"
    membres: list[MemberCode] = Field(min_length=1, max_length=MAX_MEMBERS,
                                      description="Codes INSEE de communes et/ou SIREN d'EPCI.")

    @field_validator("membres")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(v.upper() for v in value))


class PerimetreUpdate(Strict):
    version: int = Field(ge=1, le=2**31 - 1, description="La version lue (verrouillage optimiste).")
    nom: Text(200, 1) | None = None
    description: Text(2000) | None = None
    visibilite: Visibilite | None = None
    membres: list[MemberCode] | None = Field(default=None, min_length=1, max_length=MAX_MEMBERS)


class PerimetrePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str = Field(description="Identifiant utilisable comme territoire, ex. perim-12.")
    nom: str
    description: str
    visibilite: Visibilite
    proprietaire: str
    membres: list[Membre]
    version: int
    created_at: datetime
    updated_at: datetime


def code_of(ident: int) -> str:
    """The territory-like code of a perimeter.

    >>> code_of(12)
    'perim-12'
    """
    return f"{PREFIX}{ident}"


def parse_code(query: str) -> int | None:
    """The id in ``perim-12`` (any case), None when the query is not a perimeter code."""
    match = IDENT.match((query or "").strip())
    return int(match.group(1)) if match else None


def to_public(row: models.Perimetre) -> PerimetrePublic:
    return PerimetrePublic.model_validate({**crud.columns(row), "code": code_of(row.id)})


# --- rights -------------------------------------------------------------------------


def can_see(actor: Actor, row: models.Perimetre) -> bool:
    return row.visibilite == "public" or actor.role == "admin" or (actor.authenticated and row.proprietaire == actor.email)


def not_found(ident: object) -> errors.NotFound:
    return errors.NotFound(
        f"Périmètre {code_of(ident) if isinstance(ident, int) else ident} introuvable (ou privé) : "
        "listez les vôtres avec `vigie perimetre liste` ou GET /api/v1/perimetres."
    )


def check_writer(actor: Actor) -> None:
    if not actor.authenticated:
        raise errors.NotAuthenticated(
            "Créer ou modifier un périmètre demande d'être connecté : obtenez un jeton par POST /api/v1/auth/token "
            "puis envoyez « Authorization: Bearer <jeton> »."
        )
    if actor.role == "lecteur":
        raise errors.Forbidden("Le rôle lecteur est en lecture seule : il consulte les périmètres publics sans en créer.")


def visible_query(actor: Actor) -> Select:
    stmt = select(models.Perimetre)
    if actor.role == "admin":
        return stmt
    mine = models.Perimetre.proprietaire == actor.email if actor.authenticated else false()
    return stmt.where(or_(models.Perimetre.visibilite == "public", mine))


# --- operations ---------------------------------------------------------------------

CheckMembers = Callable[[list[str]], list[dict[str, Any]]]


def validate(schema: type[BaseModel], payload: dict) -> BaseModel:
    try:
        return schema.model_validate(payload)
    except ValidationError as exc:
        raise errors.ValidationFailed(crud.french_errors(exc)) from exc


def _flush(session: Session, nom: str, ident: object) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        raise errors.Conflict(f"Le périmètre {ident} a été modifié entre-temps : relisez-le et recommencez.") from exc
    except IntegrityError as exc:
        raise errors.Duplicate(
            f"Vous avez déjà un périmètre nommé « {nom} » : choisissez un autre nom ou modifiez celui-ci."
        ) from exc


def create(*, session: Session, data: PerimetreCreate, actor: Actor, check_members: CheckMembers) -> models.Perimetre:
    check_writer(actor)
    membres = check_members(data.membres)
    row = models.Perimetre(nom=data.nom, description=data.description, visibilite=data.visibilite, membres=membres,
                           proprietaire=actor.email, proprietaire_id=actor.user_id)
    session.add(row)
    _flush(session, data.nom, "nouveau")
    crud.audit(session=session, actor=actor, action="create", entity=RESOURCE, entity_id=row.id, before=None,
               after=crud.snapshot(row))
    return row


def get(*, session: Session, ident: int, actor: Actor) -> models.Perimetre:
    row = session.get(models.Perimetre, ident)
    if row is None or not can_see(actor, row):
        raise not_found(ident)
    return row


def _for_write(session: Session, ident: int, actor: Actor) -> models.Perimetre:
    check_writer(actor)
    row = get(session=session, ident=ident, actor=actor)
    if actor.role != "admin" and row.proprietaire != actor.email:
        raise errors.Forbidden(
            f"Le périmètre {code_of(ident)} appartient à {row.proprietaire} : seul son propriétaire (ou un admin) le modifie."
        )
    return row


def update(*, session: Session, ident: int, data: PerimetreUpdate, actor: Actor,
           check_members: CheckMembers) -> models.Perimetre:
    row = _for_write(session, ident, actor)
    changes = data.model_dump(exclude_unset=True)
    version = changes.pop("version")
    if version != row.version:
        raise errors.Conflict(
            f"Version périmée pour le périmètre {code_of(ident)} : vous avez envoyé la version {version}, la version "
            f"actuelle est {row.version}. Relisez-le (GET) et réappliquez votre modification."
        )
    nulls = [k for k, v in changes.items() if v is None]
    if nulls:
        raise errors.ValidationFailed(f"{nulls[0]} : valeur nulle refusée (omettez le champ pour le garder).")
    before = crud.snapshot(row)
    if "membres" in changes:
        changes["membres"] = check_members(changes["membres"])
    for key, value in changes.items():
        setattr(row, key, value)
    _flush(session, row.nom, code_of(ident))
    crud.audit(session=session, actor=actor, action="update", entity=RESOURCE, entity_id=row.id, before=before,
               after=crud.snapshot(row))
    return row


def delete(*, session: Session, ident: int, actor: Actor) -> None:
    row = _for_write(session, ident, actor)
    before = crud.snapshot(row)
    session.delete(row)
    _flush(session, row.nom, code_of(ident))
    crud.audit(session=session, actor=actor, action="delete", entity=RESOURCE, entity_id=ident, before=before, after=None)


def list_rows(*, session: Session, actor: Actor, proprietaire: str | None = None, visibilite: str | None = None,
              limit: int = 50, offset: int = 0) -> tuple[list[models.Perimetre], int]:
    stmt = visible_query(actor)
    if proprietaire:
        stmt = stmt.where(models.Perimetre.proprietaire == proprietaire)
    if visibilite:
        stmt = stmt.where(models.Perimetre.visibilite == visibilite)
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = session.scalars(stmt.order_by(models.Perimetre.id).limit(limit).offset(offset)).all()
    return list(rows), int(total or 0)


def normalise(name: str) -> str:
    """Same normalisation as the warehouse name index (``territoire.nom_normalise``).

    >>> normalise("  Bassin   minier (Lens-Liévin) ")
    'bassin minier lens lievin'
    """
    from vigie_industrie.territories.codes import normalise_name

    return normalise_name(name or "")


def by_name(*, session: Session, actor: Actor, name: str) -> list[models.Perimetre]:
    """Visible perimeters whose normalised name equals ``name``'s (the actor's own first)."""
    wanted = normalise(name)
    rows = [r for r in session.scalars(visible_query(actor).order_by(models.Perimetre.id)) if normalise(r.nom) == wanted]
    return sorted(rows, key=lambda r: (r.proprietaire != actor.email, r.id))


def suggestions(*, session: Session, actor: Actor, limit: int = 10) -> list[models.Perimetre]:
    """The actor's own perimeters, then public ones: what a failed lookup proposes."""
    stmt = visible_query(actor).order_by((models.Perimetre.proprietaire != actor.email), models.Perimetre.id)
    return list(session.scalars(stmt.limit(limit)))
