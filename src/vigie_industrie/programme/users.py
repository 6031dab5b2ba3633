"""Users and their tokens (``vigie users add|list|disable``, API login)."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import delete as sql_delete
from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie_industrie import errors
from vigie_industrie.programme import models, schemas, security
from vigie_industrie.programme.authz import Actor
from vigie_industrie.programme.crud import audit, french_errors


def create_user(*, session: Session, data: schemas.UserCreate, actor: Actor) -> models.User:
    email = data.email.lower()
    if session.scalar(select(models.User.id).where(models.User.email == email)) is not None:
        raise errors.Conflict(f"L'utilisateur {email} existe déjà : choisissez une autre adresse ou réactivez-le.")
    user = models.User(
        email=email,
        nom=data.nom,
        role=data.role,
        code_region=data.code_region if data.role in ("region", "epci") else None,
        siren_epci=data.siren_epci if data.role == "epci" else None,
        password_hash=security.hash_password(data.password),
    )
    session.add(user)
    session.flush()
    after = {"email": user.email, "role": user.role, "code_region": user.code_region, "siren_epci": user.siren_epci}
    audit(session=session, actor=actor, action="create", entity="utilisateurs", entity_id=user.id, before=None, after=after)
    return user


def validate_user(**fields) -> schemas.UserCreate:
    from pydantic import ValidationError

    try:
        return schemas.UserCreate(**fields)
    except ValidationError as exc:
        raise errors.ValidationFailed(french_errors(exc)) from exc


def list_users(*, session: Session) -> list[models.User]:
    return list(session.scalars(select(models.User).order_by(models.User.email)))


def disable_user(*, session: Session, email: str, actor: Actor) -> models.User:
    user = session.scalar(select(models.User).where(models.User.email == email.lower()))
    if user is None:
        raise errors.NotFound(f"Utilisateur {email} introuvable : listez les comptes avec `vigie users list`.")
    user.is_active = False
    session.execute(sql_delete(models.ApiToken).where(models.ApiToken.user_id == user.id))
    audit(session=session, actor=actor, action="disable", entity="utilisateurs", entity_id=user.id,
          before={"is_active": True}, after={"is_active": False})
    return user


def authenticate(*, session: Session, email: str, password: str) -> models.User:
    user = session.scalar(select(models.User).where(models.User.email == email.strip().lower()))
    ok = security.verify_password(password, user.password_hash if user else None)
    if not ok or user is None or not user.is_active:
        raise errors.NotAuthenticated(
            "Identifiants refusés : adresse ou mot de passe incorrect, ou compte désactivé "
            "(un administrateur le réactive ou en crée un avec `vigie users add`)."
        )
    return user


def audit_session(*, session: Session, action: str, email: str, role: str, user_id: int | None, address: str) -> None:
    """Journal a login, a failed login or a logout (who, from where; never the password)."""
    actor = Actor(email=email[:254], role=role[:16], user_id=user_id)
    audit(session=session, actor=actor, action=action, entity="auth", entity_id=user_id, before=None,
          after={"adresse": address[:64]})


def issue_token(*, session: Session, user: models.User) -> tuple[str, datetime]:
    token, digest, expires = security.new_token()
    session.add(models.ApiToken(user_id=user.id, token_hash=digest, expires_at=expires))
    return token, expires


def revoke_token(*, session: Session, token: str) -> None:
    session.execute(sql_delete(models.ApiToken).where(models.ApiToken.token_hash == security.token_digest(token)))


def actor_from_token(*, session: Session, token: str) -> Actor:
    row = session.execute(
        select(models.User, models.ApiToken.expires_at)
        .join(models.ApiToken, models.ApiToken.user_id == models.User.id)
        .where(models.ApiToken.token_hash == security.token_digest(token))
    ).first()
    if row is None:
        raise errors.NotAuthenticated("Jeton inconnu ou révoqué : reconnectez-vous (POST /api/v1/auth/token).")
    user, expires = row
    if expires.tzinfo is None:  # SQLite returns naive datetimes
        expires = expires.replace(tzinfo=timezone.utc)
    if expires < datetime.now(timezone.utc) or not user.is_active:
        raise errors.NotAuthenticated("Jeton expiré ou compte désactivé : reconnectez-vous (POST /api/v1/auth/token).")
    return actor_of(user)


def actor_of(user: models.User) -> Actor:
    return Actor(email=user.email, role=user.role, code_region=user.code_region, siren_epci=user.siren_epci, user_id=user.id)
