"""Create, read, update, delete with rights, optimistic locking and audit.

Functions take keyword-only arguments and never commit: the caller owns the
transaction (``Store.transaction()``), so a write and its ``AuditEvent`` land together
or not at all. A stale ``version`` raises ``Conflict`` (409) before or at flush time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import Select, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from vigie_industrie import errors
from vigie_industrie.programme import codes, entreprises, messages, models, schemas, suivi, territorial, transmission
from vigie_industrie.programme.authz import Actor, can_see, check_list, check_read, check_write, not_found

META = ("id", "version", "created_at", "updated_at")


@dataclass(frozen=True)
class Resource:
    name: str
    model: type[models.Base]
    create: type[BaseModel]
    update: type[BaseModel]
    public: type[BaseModel]
    filters: tuple[str, ...]
    sorts: tuple[str, ...]


RESOURCES: dict[str, Resource] = {
    r.name: r
    for r in (
        Resource("contrats", models.Contrat, schemas.ContratCreate, schemas.ContratUpdate, schemas.ContratPublic,
                 ("territoire_id", "phase", "code_region", "statut"), ("id", "date_signature", "territoire_id", "updated_at")),
        Resource("projets", models.Projet, schemas.ProjetCreate, schemas.ProjetUpdate, schemas.ProjetPublic,
                 ("territoire_id", "phase", "code_region", "siren_epci", "statut", "enjeu"),
                 ("id", "titre", "date_debut", "emplois_prevus", "montant_investissement_eur", "updated_at")),
        Resource("besoins", models.Besoin, schemas.BesoinCreate, schemas.BesoinUpdate, schemas.BesoinPublic,
                 ("territoire_id", "phase", "code_region", "siren_epci", "categorie", "statut", "urgence"),
                 ("id", "date_collecte", "urgence", "statut_depuis", "updated_at")),
        Resource("projets_a_venir", models.ProjetAVenir, schemas.ProjetAVenirCreate, schemas.ProjetAVenirUpdate,
                 schemas.ProjetAVenirPublic,
                 ("territoire_id", "phase", "code_region", "siren_epci", "nature", "statut", "horizon", "confidentialite"),
                 ("id", "porteur", "emplois_prevus", "investissement_eur", "statut_depuis", "updated_at")),
        Resource("financements", models.Financement, schemas.FinancementCreate, schemas.FinancementUpdate,
                 schemas.FinancementPublic, ("projet_id", "territoire_id", "code_region", "siren_epci", "dispositif", "statut"),
                 ("id", "montant_demande_eur", "montant_accorde_eur", "date_demande", "updated_at")),
        Resource("missions", models.Mission, schemas.MissionCreate, schemas.MissionUpdate, schemas.MissionPublic,
                 ("territoire_id", "phase", "code_region", "statut"), ("id", "date_debut", "duree_jours", "updated_at")),
        Resource("copil", models.DecisionCopil, schemas.CopilCreate, schemas.CopilUpdate, schemas.CopilPublic,
                 ("code_region",), ("id", "date_copil", "updated_at")),
    )
}


# --- helpers -------------------------------------------------------------------------


def columns(row: models.Base) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in row.__table__.columns}


def snapshot(row: models.Base) -> dict[str, Any]:
    """JSON-safe copy of a row for the audit journal (a mission's linked projects included)."""
    out = {}
    for key, value in columns(row).items():
        out[key] = value.isoformat() if hasattr(value, "isoformat") else value
    if isinstance(row, models.Mission):
        out["projet_ids"] = [p.id for p in row.projets_lies]
    return out


def audit(*, session: Session, actor: Actor, action: str, entity: str, entity_id: int | None,
          before: dict | None, after: dict | None) -> None:
    session.add(models.AuditEvent(actor_email=actor.email, actor_role=actor.role, action=action,
                                  entity=entity, entity_id=entity_id, before=before, after=after))


def french_errors(exc: ValidationError) -> str:
    return messages.french_errors(exc.errors())


def _validate(schema: type[BaseModel], payload: dict) -> BaseModel:
    try:
        return schema.model_validate(payload)
    except ValidationError as exc:
        raise errors.ValidationFailed(french_errors(exc)) from exc


def scope_of(session: Session, resource: str, data: BaseModel) -> dict[str, Any]:
    """Scope columns derived from the payload (region from the territory id, EPCI, projet)."""
    if resource == "copil":
        return {}
    if resource == "financements":
        projet = session.get(models.Projet, data.projet_id)
        if projet is None:
            raise errors.ValidationFailed(
                f"projet_id : le projet {data.projet_id} n'existe pas ; listez les projets avec GET /api/v1/projets."
            )
        return {"territoire_id": projet.territoire_id, "phase": projet.phase,
                "code_region": projet.code_region, "siren_epci": projet.siren_epci}
    return {"code_region": codes.region_of_territoire(data.territoire_id)}


def _scope_keys(row_or_dict) -> tuple[str | None, str | None]:
    get = row_or_dict.get if isinstance(row_or_dict, dict) else lambda k: getattr(row_or_dict, k, None)
    return get("code_region"), get("siren_epci")


def to_public(resource: str, row: models.Base, *, today: date) -> BaseModel:
    data = columns(row)
    if resource == "projets":
        data["points_blocage"] = suivi.lire_points(row.points_blocage)
        data["jours_bloque"] = suivi.jours_bloque(data["points_blocage"], today)
    elif resource == "missions":
        data["date_echeance"] = suivi.deadline(row.date_debut, row.duree_jours)
        etat = suivi.etat_mission(data["date_echeance"], today, close=row.statut == "close")
        data.update(jours_restants=etat.jours_restants, retard_jours=etat.retard_jours, etat=etat.code,
                    delai=etat.libelle, projet_ids=[p.id for p in row.projets_lies])
    return RESOURCES[resource].public.model_validate(data)


def flush_row(session: Session, resource: str, ident: object) -> None:
    """Flush one row's change: a concurrent change is 409, an integrity error a French sentence."""
    _flush(session, resource, ident)


def _flush(session: Session, resource: str, ident: object) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        raise errors.Conflict(
            f"Le {resource[:-1] if resource != 'copil' else 'COPIL'} {ident} a été modifié par quelqu'un d'autre "
            "pendant votre saisie : relisez-le (GET) et renvoyez votre modification avec la nouvelle version."
        ) from exc
    except IntegrityError as exc:
        raise errors.Duplicate(_integrity_message(resource, exc)) from exc


def _integrity_message(resource: str, exc: IntegrityError) -> str:
    text = str(exc.orig).lower()
    if resource == "contrats" and ("unique" in text or "duplicate" in text):
        return ("Un contrat existe déjà pour ce territoire et cette phase : modifiez-le (PATCH /api/v1/contrats/{id}) "
                "ou passez-le au statut « avenant ».")
    if "foreign" in text:
        return "Ligne référencée ailleurs : supprimez d'abord les financements de ce projet."
    return f"Conflit d'intégrité en base : {exc.orig}"


# --- operations ----------------------------------------------------------------------


def create(*, session: Session, resource: str, data: BaseModel, actor: Actor,
           facts: territorial.Facts | None = None) -> models.Base:
    """Insert a row after the rights checks: role and scope, then territories and codes against
    the warehouse ``facts`` (``territorial.load_facts``; None = no warehouse: only admin may write)."""
    spec = RESOURCES[resource]
    scope = scope_of(session, resource, data)
    values = {**data.model_dump(mode="python"), **scope}
    check_write(actor, resource, *_scope_keys(values))
    territorial.check_row(facts, actor=actor, resource=resource, values=values)
    if resource == "contrats":
        check_unique_contrat(session, data.territoire_id, data.phase)
    if transmission.is_transmitted(resource):
        values = _transmitted_values(resource, values, actor, facts, models.utcnow())
    links = values.pop("projet_ids", None)
    row = spec.model(**_jsonable(values))
    if links:
        row.projets_lies = linked_projets(session, row.code_region, links)
    session.add(row)
    _flush(session, resource, "nouveau")
    audit(session=session, actor=actor, action="create", entity=resource, entity_id=row.id, before=None,
          after=snapshot(row))
    return row


def _transmitted_values(resource: str, values: dict[str, Any], actor: Actor, facts, now,
                        known: dict | None | bool = False) -> dict[str, Any]:
    """A new besoin / projet à venir: a draft of an EPCI (not of a région), its firm checked in Sirene."""
    transmission.check_create(actor, resource)
    if known is False:
        siren_field = entreprises.FIELDS[resource][0]
        known = entreprises.lookup(facts.warehouse if facts else None, [values.get(siren_field) or ""])
    entreprises.check(resource, values, known)
    return {**values, **transmission.initial_values(actor, now)}


def create_checked(*, session: Session, resource: str, data: BaseModel, actor: Actor, warehouse) -> models.Base:
    """``create`` as the API and the screens call it: role and scope first (401/403 before any
    warehouse read), then the territories and EPCI of the row against ``warehouse``."""
    values = {**data.model_dump(), **scope_of(session, resource, data)}
    check_write(actor, resource, values.get("code_region"), values.get("siren_epci"))
    facts = territorial.load_facts(warehouse, [values], actor)
    return create(session=session, resource=resource, data=data, actor=actor, facts=facts)


def linked_projets(session: Session, code_region: str, ids: list[int]) -> list[models.Projet]:
    """The projects a mission must unblock: they exist and lie in the mission's région (else 422)."""
    found = {p.id: p for p in session.scalars(select(models.Projet).where(models.Projet.id.in_(ids)))}
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise errors.ValidationFailed(f"projet_ids : projet(s) {', '.join(missing)} inexistant(s) ; "
                                      "listez les projets avec GET /api/v1/projets.")
    outside = [f"{p.id} (région {p.code_region})" for p in found.values() if p.code_region != code_region]
    if outside:
        raise errors.ValidationFailed(f"projet_ids : projet(s) {', '.join(outside)} hors de la région {code_region} "
                                      "de la mission ; une mission ne débloque que des projets de sa région.")
    return [found[i] for i in sorted(found)]


def check_unique_contrat(session: Session, territoire_id: str, phase: int) -> None:
    found = session.scalar(select(models.Contrat.id).where(models.Contrat.territoire_id == territoire_id,
                                                           models.Contrat.phase == phase))
    if found is not None:
        raise errors.Duplicate(duplicate_contrat_message(territoire_id, phase, found))


def duplicate_contrat_message(territoire_id: str, phase: int, found: int) -> str:
    return (f"Un contrat existe déjà pour {territoire_id} phase {phase} (contrat {found}) : modifiez-le "
            f"(PATCH /api/v1/contrats/{found}) plutôt que d'en créer un second.")


def existing_contrats(session: Session) -> dict[tuple[str, int], int]:
    """(territoire_id, phase) → contrat id, in one query (imports check duplicates against it)."""
    return {(t, p): i for t, p, i in session.execute(
        select(models.Contrat.territoire_id, models.Contrat.phase, models.Contrat.id))}


def preload(*, session: Session, resource: str, items: list[BaseModel]) -> None:
    """Load the projets that financements refer to, in chunks (``scope_of`` then reads the identity map)."""
    if resource != "financements":
        return
    ids = sorted({d.projet_id for d in items})
    for i in range(0, len(ids), 5000):
        session.scalars(select(models.Projet).where(models.Projet.id.in_(ids[i:i + 5000]))).all()


def create_many(*, session: Session, resource: str, items: list[BaseModel], actor: Actor,
                facts: territorial.Facts | None, progress=None) -> list[int]:
    """``create`` for a whole import: the same checks per row, then one bulk INSERT … RETURNING for the
    rows and one for their audit events (the ORM unit of work per row cost ~0.5 ms a row)."""
    spec = RESOURCES[resource]
    preload(session=session, resource=resource, items=items)
    now = models.utcnow()
    records, links = [], []
    known = False
    if transmission.is_transmitted(resource):  # one Sirene query for the whole import
        siren_field = entreprises.FIELDS[resource][0]
        known = entreprises.lookup(facts.warehouse if facts else None, [getattr(d, siren_field) or "" for d in items])
    for data in items:
        values = {**data.model_dump(mode="python"), **scope_of(session, resource, data)}
        check_write(actor, resource, *_scope_keys(values))
        territorial.check_row(facts, actor=actor, resource=resource, values=values)
        if transmission.is_transmitted(resource):
            values = _transmitted_values(resource, values, actor, facts, now, known)
        links.append(linked_projets(session, values["code_region"], values.pop("projet_ids"))
                     if values.get("projet_ids") else [])
        values.pop("projet_ids", None)
        records.append({**_jsonable(values), "version": 1, "created_at": now, "updated_at": now})
    if not records:
        return []
    try:
        ids = list(session.scalars(insert(spec.model).returning(spec.model.id, sort_by_parameter_order=True), records))
    except IntegrityError as exc:
        raise errors.Duplicate(_integrity_message(resource, exc)) from exc
    pairs = [{"mission_id": i, "projet_id": p.id} for i, found in zip(ids, links) for p in found]
    if pairs:
        session.execute(insert(models.mission_projet), pairs)
    if resource == "missions":  # the audit event names the linked projects, like ``snapshot``
        for record, found in zip(records, links):
            record["projet_ids"] = [p.id for p in found]
    events = []
    for i, (ident, record) in enumerate(zip(ids, records), start=1):
        after = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in {"id": ident, **record}.items()}
        events.append({"at": now, "actor_email": actor.email, "actor_role": actor.role, "action": "create",
                       "entity": resource, "entity_id": ident, "before": None, "after": after})
        if progress:
            progress(i)
    session.execute(insert(models.AuditEvent), events)
    return ids


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    """Nested models and dates inside JSON columns become plain JSON values."""
    out = {}
    for key, value in values.items():
        if isinstance(value, list):
            value = [v.model_dump(mode="json") if isinstance(v, BaseModel) else
                     (v.isoformat() if isinstance(v, date) else v) for v in value]
            value = [_json_dates(v) for v in value]
        out[key] = value
    return out


def _json_dates(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in value.items()}
    return value


def get(*, session: Session, resource: str, ident: int, actor: Actor) -> models.Base:
    spec = RESOURCES[resource]
    check_list(actor, resource)
    row = session.get(spec.model, ident)
    if row is None:
        raise not_found(resource, ident)
    check_read(actor, resource, *_scope_keys(row), ident)
    if transmission.is_transmitted(resource):
        transmission.check_visible(actor, resource, row, ident)
    return row


def _row_for_write(*, session: Session, resource: str, ident: int, actor: Actor) -> models.Base:
    """The row to change, after the rights check (an anonymous caller gets 401 before any 404)."""
    row = session.get(RESOURCES[resource].model, ident)
    if row is None:
        if not actor.authenticated:
            check_write(actor, resource, None, None)
        raise not_found(resource, ident)
    check_write(actor, resource, *_scope_keys(row), ident)
    if transmission.is_transmitted(resource):
        transmission.check_editable(actor, resource, row, ident)
    return row


def update(*, session: Session, resource: str, ident: int, data: BaseModel, actor: Actor) -> models.Base:
    spec = RESOURCES[resource]
    row = _row_for_write(session=session, resource=resource, ident=ident, actor=actor)
    changes = data.model_dump(exclude_unset=True, mode="python")
    version = changes.pop("version")
    if version != row.version:
        raise errors.Conflict(
            f"Version périmée pour {resource} {ident} : vous avez envoyé la version {version}, la version actuelle "
            f"est {row.version}. Relisez la ressource (GET) et réappliquez votre modification."
        )
    before = snapshot(row)
    current = {k: v for k, v in columns(row).items() if k in spec.create.model_fields}
    if resource == "missions":
        current["projet_ids"] = before["projet_ids"]
    merged = _validate(spec.create, {**current, **changes})
    if resource == "projets" and "statut" in changes:
        try:
            schemas.check_projet_transition(row.statut, merged.statut)
        except ValueError as exc:
            raise errors.ValidationFailed(f"statut : {exc}") from exc
    new_values = _jsonable({k: v for k, v in merged.model_dump(mode="python").items()
                            if k in changes or (resource == "missions" and k == "statut")})
    links = new_values.pop("projet_ids", None)
    if links is not None:
        row.projets_lies = linked_projets(session, row.code_region, links)
        row.updated_at = models.utcnow()  # a change of links alone still bumps the version
    for key, value in new_values.items():
        setattr(row, key, value)
    _flush(session, resource, ident)
    audit(session=session, actor=actor, action="update", entity=resource, entity_id=row.id, before=before, after=snapshot(row))
    return row


def delete(*, session: Session, resource: str, ident: int, actor: Actor) -> None:
    row = _row_for_write(session=session, resource=resource, ident=ident, actor=actor)
    if resource == "projets":
        n = session.scalar(select(func.count()).select_from(models.Financement).where(models.Financement.projet_id == ident))
        if n:
            raise errors.Conflict(
                f"Le projet {ident} a {n} financement(s) : supprimez-les d'abord (DELETE /api/v1/financements/{{id}})."
            )
    before = snapshot(row)
    session.delete(row)
    _flush(session, resource, ident)
    audit(session=session, actor=actor, action="delete", entity=resource, entity_id=ident, before=before, after=None)


def visible_query(resource: str, actor: Actor) -> Select:
    """SELECT of the rows the actor may see (after ``check_list``)."""
    spec = RESOURCES[resource]
    check_list(actor, resource)
    stmt = select(spec.model)
    if transmission.is_transmitted(resource) and actor.role != "admin":
        if actor.role == "region":
            stmt = stmt.where(spec.model.code_region == actor.code_region)
        elif actor.role == "epci":
            stmt = stmt.where(spec.model.siren_epci == actor.siren_epci)
        else:  # pragma: no cover - check_list refused already
            stmt = stmt.where(False)
        stmt = transmission.restrict(stmt, spec.model, actor)
    return stmt


def list_rows(*, session: Session, resource: str, actor: Actor, filters: dict[str, Any] | None = None,
              sort: str | None = None, limit: int = 50, offset: int = 0) -> tuple[list[models.Base], int]:
    spec = RESOURCES[resource]
    stmt = visible_query(resource, actor)
    for key, value in (filters or {}).items():
        if value is None:
            continue
        if key not in spec.filters:
            raise errors.QueryError(f"Filtre « {key} » inconnu pour {resource} : filtres possibles {', '.join(spec.filters)}.")
        stmt = stmt.where(getattr(spec.model, key) == value)
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    key = (sort or "id").lstrip("-")
    if key not in spec.sorts:
        raise errors.QueryError(f"Tri « {sort} » inconnu pour {resource} : tris possibles {', '.join(spec.sorts)} (préfixe - pour décroissant).")
    column = getattr(spec.model, key)
    order = column.desc() if (sort or "").startswith("-") else column.asc()
    rows = session.scalars(stmt.order_by(order, spec.model.id).limit(limit).offset(offset)).all()
    return list(rows), int(total or 0)


def visible(actor: Actor, resource: str, row: models.Base) -> bool:
    if transmission.is_transmitted(resource) and transmission.hidden_from(actor, row.statut):
        return False
    return can_see(actor, resource, *_scope_keys(row))
