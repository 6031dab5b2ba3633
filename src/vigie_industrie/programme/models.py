"""SQLAlchemy 2 models of the programme store.

Every scoped row stores ``code_region`` (characters 3-4 of its ``territoire_id``) and,
when it belongs to an intercommunalité, ``siren_epci``: rights are checked on these two
columns only, so no join is needed to decide who may see a row. ``version`` is the
optimistic-locking counter (SQLAlchemy ``version_id_col``): a concurrent update fails
instead of overwriting.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.types import TypeDecorator
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the offset on read)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=timezone.utc)
        return value


class Base(DeclarativeBase):
    pass


class Versioned:
    """Mixin: primary key, optimistic-locking version and timestamps."""

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.__table__.c.version}


class User(Base):
    __tablename__ = "utilisateur"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, nullable=False)
    nom: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    role: Mapped[str] = mapped_column(String(16), nullable=False)
    code_region: Mapped[str | None] = mapped_column(String(2))
    siren_epci: Mapped[str | None] = mapped_column(String(9))
    password_hash: Mapped[str] = mapped_column(String(255), nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, nullable=False, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ApiToken(Base):
    """A bearer token or web session; only its SHA-256 is stored."""

    __tablename__ = "jeton"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("utilisateur.id", ondelete="CASCADE"), nullable=False)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False)


class Contrat(Versioned, Base):
    __tablename__ = "contrat"
    __table_args__ = (UniqueConstraint("territoire_id", "phase", name="uq_contrat_territoire_phase"),)

    territoire_id: Mapped[str] = mapped_column(String(12), nullable=False, index=True)
    phase: Mapped[int] = mapped_column(Integer, nullable=False)
    code_region: Mapped[str] = mapped_column(String(2), nullable=False, index=True)
    intitule: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    statut: Mapped[str] = mapped_column(String(20), nullable=False)
    date_signature: Mapped[date | None] = mapped_column(Date)
    signataires: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    documents: Mapped[list] = mapped_column(JSON, nullable=False, default=list)


class Projet(Versioned, Base):
    """A fiche action of a Territoire d'industrie."""

    __tablename__ = "projet"

    territoire_id: Mapped[str] = mapped_column(String(12), nullable=False, index=True)
    phase: Mapped[int] = mapped_column(Integer, nullable=False)
    code_region: Mapped[str] = mapped_column(String(2), nullable=False, index=True)
    siren_epci: Mapped[str] = mapped_column(String(9), nullable=False, index=True)
    titre: Mapped[str] = mapped_column(String(300), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    enjeu: Mapped[str] = mapped_column(String(32), nullable=False)
    elu_referent: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    industriel_referent: Mapped[str] = mapped_column(String(200), nullable=False, default="")
    statut: Mapped[str] = mapped_column(String(20), nullable=False)
    points_blocage: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    emplois_prevus: Mapped[int | None] = mapped_column(Integer)
    montant_investissement_eur: Mapped[int | None] = mapped_column(BigInteger)
    date_debut: Mapped[date | None] = mapped_column(Date)
    date_fin: Mapped[date | None] = mapped_column(Date)


class Transmitted:
    """Mixin: the EPCI → région transmission workflow (``programme/transmission.py``).

    ``statut`` goes brouillon → transmis → accuse → assigne → repondu → clos, never back;
    ``etapes`` is the dated history of every step (who, when, note), ``statut_depuis`` the date of
    the last one (the inbox sorts on it). A région never sees a ``brouillon``.
    """

    territoire_id: Mapped[str] = mapped_column(String(12), nullable=False, index=True)
    phase: Mapped[int] = mapped_column(Integer, nullable=False)
    code_region: Mapped[str] = mapped_column(String(2), nullable=False, index=True)
    siren_epci: Mapped[str] = mapped_column(String(9), nullable=False, index=True)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    contact: Mapped[str] = mapped_column(String(300), nullable=False, default="")
    statut: Mapped[str] = mapped_column(String(20), nullable=False, default="brouillon", index=True)
    statut_depuis: Mapped[datetime | None] = mapped_column(UTCDateTime())
    etapes: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    assigne_a: Mapped[str | None] = mapped_column(String(200))
    reponse: Mapped[str | None] = mapped_column(Text)
    date_reponse: Mapped[date | None] = mapped_column(Date)


class Besoin(Transmitted, Versioned, Base):
    """A need collected from a firm by an EPCI: firm-level, never public."""

    __tablename__ = "besoin"

    siren_entreprise: Mapped[str] = mapped_column(String(9), nullable=False)
    nom_entreprise: Mapped[str] = mapped_column(String(200), nullable=False)
    categorie: Mapped[str] = mapped_column(String(20), nullable=False)
    urgence: Mapped[str] = mapped_column(String(10), nullable=False)
    date_collecte: Mapped[date] = mapped_column(Date, nullable=False)


class ProjetAVenir(Transmitted, Versioned, Base):
    """An upcoming industrial project an EPCI knows of (Béthune declaration): passed to the région."""

    __tablename__ = "projet_a_venir"

    porteur: Mapped[str] = mapped_column(String(300), nullable=False)
    siren_porteur: Mapped[str | None] = mapped_column(String(9))
    nature: Mapped[str] = mapped_column(String(20), nullable=False)
    code_commune: Mapped[str | None] = mapped_column(String(5))
    emplois_prevus: Mapped[int | None] = mapped_column(Integer)
    investissement_eur: Mapped[int | None] = mapped_column(BigInteger)
    horizon: Mapped[str | None] = mapped_column(String(20))
    confidentialite: Mapped[str] = mapped_column(String(20), nullable=False, default="confidentiel")


class Financement(Versioned, Base):
    """Funding of a projet; scope columns are copied from the projet at creation."""

    __tablename__ = "financement"

    projet_id: Mapped[int] = mapped_column(ForeignKey("projet.id", ondelete="RESTRICT"), nullable=False, index=True)
    territoire_id: Mapped[str] = mapped_column(String(12), nullable=False)
    phase: Mapped[int] = mapped_column(Integer, nullable=False)
    code_region: Mapped[str] = mapped_column(String(2), nullable=False, index=True)
    siren_epci: Mapped[str] = mapped_column(String(9), nullable=False, index=True)
    dispositif: Mapped[str] = mapped_column(String(60), nullable=False)
    statut: Mapped[str] = mapped_column(String(20), nullable=False)
    montant_demande_eur: Mapped[int | None] = mapped_column(BigInteger)
    montant_accorde_eur: Mapped[int | None] = mapped_column(BigInteger)
    date_demande: Mapped[date | None] = mapped_column(Date)
    date_decision: Mapped[date | None] = mapped_column(Date)


class Mission(Versioned, Base):
    """A support mission (e.g. after a closure); deadline = date_debut + duree_jours."""

    __tablename__ = "mission"

    territoire_id: Mapped[str] = mapped_column(String(12), nullable=False, index=True)
    phase: Mapped[int] = mapped_column(Integer, nullable=False)
    code_region: Mapped[str] = mapped_column(String(2), nullable=False, index=True)
    intitule: Mapped[str] = mapped_column(String(300), nullable=False)
    cause: Mapped[str] = mapped_column(String(500), nullable=False, default="")
    date_debut: Mapped[date] = mapped_column(Date, nullable=False)
    duree_jours: Mapped[int] = mapped_column(Integer, nullable=False)
    statut: Mapped[str] = mapped_column(String(10), nullable=False)
    jalons: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
    livrables: Mapped[list] = mapped_column(JSON, nullable=False, default=list)


class DecisionCopil(Versioned, Base):
    """A decision of a regional steering committee (COPIL)."""

    __tablename__ = "decision_copil"

    code_region: Mapped[str] = mapped_column(String(2), nullable=False, index=True)
    date_copil: Mapped[date] = mapped_column(Date, nullable=False)
    decision: Mapped[str] = mapped_column(Text, nullable=False)
    territoires: Mapped[list] = mapped_column(JSON, nullable=False, default=list)


class AuditEvent(Base):
    """Append-only journal: who changed what, when, with the row before and after."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), nullable=False, default=utcnow, index=True)
    actor_email: Mapped[str] = mapped_column(String(254), nullable=False)
    actor_role: Mapped[str] = mapped_column(String(16), nullable=False)
    action: Mapped[str] = mapped_column(String(16), nullable=False)
    entity: Mapped[str] = mapped_column(String(32), nullable=False, index=True)
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)


class Perimetre(Versioned, Base):
    """A user-defined territory (« Bassin minier », « Audomarois »): communes and/or EPCI.

    Rights follow the owner, not a region: a private perimeter is seen by its owner and
    the admins only. ``membres`` keeps what the user gave (code, type, name), validated
    against the warehouse at write time; the communes are resolved at read time through
    ``territoire_commune``, so a rebuilt warehouse (new COG) is followed without a migration.
    """

    __tablename__ = "perimetre"
    __table_args__ = (UniqueConstraint("proprietaire", "nom", name="uq_perimetre_proprietaire_nom"),)

    nom: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    proprietaire: Mapped[str] = mapped_column(String(254), nullable=False, index=True)
    proprietaire_id: Mapped[int | None] = mapped_column(ForeignKey("utilisateur.id", ondelete="SET NULL"))
    visibilite: Mapped[str] = mapped_column(String(8), nullable=False, default="prive")
    membres: Mapped[list] = mapped_column(JSON, nullable=False, default=list)
