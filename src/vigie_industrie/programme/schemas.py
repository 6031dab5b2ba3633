"""Pydantic schemas: Create / Update / Public per resource (FastAPI template style).

Create schemas carry every invariant (codes, enums, date order, phase rules); an update
is validated by merging it into the stored row and re-validating with the Create schema,
so a PATCH can never produce a row a POST would refuse. Update schemas require the
``version`` the client read (optimistic locking: a stale version gives 409).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from vigie_industrie.programme import codes

MAX_EUR = 10**12
T = TypeVar("T")


def _safe_text(value: str) -> str:
    """Refuse NUL/control characters and lone surrogates (not storable everywhere)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("texte invalide : caractère Unicode isolé (surrogate), corrigez l'encodage") from exc
    if any(ord(c) < 32 and c not in "\n\r\t" for c in value):
        raise ValueError("texte invalide : caractères de contrôle interdits (ex. NUL)")
    return value


def Text(max_length: int, min_length: int = 0):  # noqa: N802 - a type factory
    return Annotated[str, Field(min_length=min_length, max_length=max_length), AfterValidator(_safe_text)]


Label = Text(300, 1)
Name = Text(200)
LongText = Text(10_000)
TerritoireId = Annotated[str, Field(examples=["ti-3212"], max_length=12), AfterValidator(codes.check_territoire)]
Siren = Annotated[str, Field(examples=["200072460"], max_length=9), AfterValidator(codes.check_siren)]
RegionCode = Annotated[str, Field(examples=["32"], max_length=2), AfterValidator(codes.check_region)]


def _exact_phase(value: Any) -> Any:
    """``true`` or ``2.0`` are not phases (pydantic would read them as 1 and 2): only the integers 1 and 2."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"phase « {value} » refusée : le nombre entier 1 (2018-2022) ou 2 (2023-2027) est attendu")
    return value


# Strict numbers (issue 12): JSON ``true``, ``2.0`` or ``"2"`` are refused where an integer is expected.
Phase = Annotated[Literal[1, 2], BeforeValidator(_exact_phase)]
Euros = Annotated[int, Field(ge=0, le=MAX_EUR, strict=True)]
Day = Annotated[date, Field(ge=date(1990, 1, 1), le=date(2100, 12, 31))]
Url = Annotated[str, Field(max_length=2000, pattern=r"^https?://[^\s]+$")]

StatutContrat = Literal["en_preparation", "signe", "avenant", "clos"]
Enjeu = Literal["recruter", "innover", "attirer", "simplifier", "transition_ecologique"]
StatutProjet = Literal["idee", "instruction", "finance", "en_cours", "realise", "abandonne"]
CategorieBlocage = Literal["foncier", "financement", "reglementaire", "recrutement", "infrastructure", "partenariat", "autre"]
CategorieBesoin = Literal[
    "foncier", "recrutement", "formation", "competences", "habitat", "mobilite", "infrastructures", "energie",
    "financement", "autre",
]
Urgence = Literal["faible", "moyenne", "haute", "critique"]
# The transmission workflow of besoins and projets à venir (programme/transmission.py), in order.
StatutTransmission = Literal["brouillon", "transmis", "accuse", "assigne", "repondu", "clos"]
StatutBesoin = StatutTransmission
NatureProjetAVenir = Literal["creation", "extension", "implantation", "reprise", "modernisation", "autre"]
Horizon = Literal["moins_1_an", "1_3_ans", "plus_3_ans"]
Confidentialite = Literal["confidentiel", "communicable"]
Dispositif = Literal[
    "fonds_acceleration_investissements_industriels", "france_2030", "region", "etat", "europe", "autre"
]
StatutFinancement = Literal["demande", "accorde", "refuse", "verse"]
StatutMission = Literal["ouverte", "close"]
Role = Literal["admin", "region", "epci", "lecteur"]

PROJET_ORDER = ("idee", "instruction", "finance", "en_cours", "realise")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _dates_ordered(start: date | None, end: date | None, what: str) -> None:
    if start and end and end < start:
        raise ValueError(f"{what} : la date de fin ({end}) précède la date de début ({start})")


# --- sub-records -----------------------------------------------------------------------


class Document(Strict):
    titre: Label
    url: Url


class PointBlocage(Strict):
    categorie: CategorieBlocage
    responsable: Name
    description: Text(2000) = ""
    depuis: Day
    leve_le: Day | None = None


class Jalon(Strict):
    libelle: Label
    date_prevue: Day | None = None
    fait: bool = Field(False, strict=True)


class Livrable(Strict):
    libelle: Label
    remis: bool = Field(False, strict=True)
    url: Url | None = None


class Scoped(Strict):
    territoire_id: TerritoireId
    phase: Phase


# --- contrat ---------------------------------------------------------------------------


class ContratCreate(Scoped):
    intitule: Text(300) = ""
    statut: StatutContrat = "en_preparation"
    date_signature: Day | None = None
    signataires: list[Name] = Field(default_factory=list, max_length=50)
    documents: list[Document] = Field(default_factory=list, max_length=50)

    @model_validator(mode="after")
    def _signed_has_date(self) -> "ContratCreate":
        if self.statut != "en_preparation" and self.date_signature is None:
            raise ValueError(f"contrat au statut « {self.statut} » : indiquez date_signature (AAAA-MM-JJ)")
        return self


class ContratUpdate(Strict):
    version: int = Field(ge=1, le=2**31 - 1, strict=True)
    intitule: Text(300) | None = None
    statut: StatutContrat | None = None
    date_signature: Day | None = None
    signataires: list[Name] | None = Field(default=None, max_length=50)
    documents: list[Document] | None = Field(default=None, max_length=50)


# --- projet ----------------------------------------------------------------------------


class ProjetCreate(Scoped):
    siren_epci: Siren
    titre: Label
    description: LongText = ""
    enjeu: Enjeu
    elu_referent: Name = ""
    industriel_referent: Name = ""
    statut: StatutProjet = "idee"
    points_blocage: list[PointBlocage] = Field(default_factory=list, max_length=50)
    emplois_prevus: Annotated[int, Field(ge=0, le=1_000_000, strict=True)] | None = None
    montant_investissement_eur: Euros | None = None
    date_debut: Day | None = None
    date_fin: Day | None = None

    @model_validator(mode="after")
    def _rules(self) -> "ProjetCreate":
        if self.enjeu == "transition_ecologique" and self.phase != 2:
            raise ValueError("enjeu « transition_ecologique » réservé à la phase 2 (2023-2027) : choisissez phase 2")
        _dates_ordered(self.date_debut, self.date_fin, "projet")
        for p in self.points_blocage:
            _dates_ordered(p.depuis, p.leve_le, f"point de blocage « {p.categorie} »")
        return self


class ProjetUpdate(Strict):
    version: int = Field(ge=1, le=2**31 - 1, strict=True)
    titre: Label | None = None
    description: LongText | None = None
    enjeu: Enjeu | None = None
    elu_referent: Name | None = None
    industriel_referent: Name | None = None
    statut: StatutProjet | None = None
    points_blocage: list[PointBlocage] | None = Field(default=None, max_length=50)
    emplois_prevus: Annotated[int, Field(ge=0, le=1_000_000, strict=True)] | None = None
    montant_investissement_eur: Euros | None = None
    date_debut: Day | None = None
    date_fin: Day | None = None


def check_projet_transition(old: str, new: str) -> None:
    """Status moves forward (idee → instruction → finance → en_cours → realise) or to abandonne."""
    if old == new:
        return
    if old in ("realise", "abandonne"):
        raise ValueError(f"projet au statut final « {old} » : il ne peut plus changer, créez un nouveau projet")
    if new == "abandonne" or PROJET_ORDER.index(new) > PROJET_ORDER.index(old):
        return
    allowed = ", ".join(PROJET_ORDER[PROJET_ORDER.index(old) + 1 :] + ("abandonne",))
    raise ValueError(f"statut « {old} » → « {new} » interdit (retour en arrière) : statuts possibles {allowed}")


# --- besoin ----------------------------------------------------------------------------


class BesoinCreate(Scoped):
    """A need as the EPCI enters it; the workflow fields (statut, réponse…) are set by the actions only.

    ``nom_entreprise`` may stay empty when the Sirene stock is loaded: the store fills it from there.
    """

    siren_epci: Siren
    siren_entreprise: Siren
    nom_entreprise: Name = ""
    categorie: CategorieBesoin
    description: LongText = ""
    urgence: Urgence = "moyenne"
    contact: Text(300) = ""
    date_collecte: Day


class BesoinUpdate(Strict):
    version: int = Field(ge=1, le=2**31 - 1, strict=True)
    nom_entreprise: Name | None = None
    categorie: CategorieBesoin | None = None
    description: LongText | None = None
    urgence: Urgence | None = None
    contact: Text(300) | None = None
    date_collecte: Day | None = None


# --- projet à venir --------------------------------------------------------------------

Emplois = Annotated[int, Field(ge=0, le=1_000_000, strict=True)]
CodeCommune = Annotated[str, Field(max_length=5, pattern=r"^(\d{5}|2[AB]\d{3})$", examples=["62119"])]


class ProjetAVenirCreate(Scoped):
    """An upcoming industrial project known by an EPCI; figures unknown stay null (never 0)."""

    siren_epci: Siren
    porteur: Label
    siren_porteur: Siren | None = None
    nature: NatureProjetAVenir
    code_commune: CodeCommune | None = None
    emplois_prevus: Emplois | None = None
    investissement_eur: Euros | None = None
    horizon: Horizon | None = None
    description: LongText = ""
    contact: Text(300) = ""
    confidentialite: Confidentialite = "confidentiel"


class ProjetAVenirUpdate(Strict):
    version: int = Field(ge=1, le=2**31 - 1, strict=True)
    porteur: Label | None = None
    siren_porteur: Siren | None = None
    nature: NatureProjetAVenir | None = None
    code_commune: CodeCommune | None = None
    emplois_prevus: Emplois | None = None
    investissement_eur: Euros | None = None
    horizon: Horizon | None = None
    description: LongText | None = None
    contact: Text(300) | None = None
    confidentialite: Confidentialite | None = None


# --- transmission actions --------------------------------------------------------------


class Etape(BaseModel):
    statut: StatutTransmission
    le: datetime
    par: str
    role: str
    note: str = ""


class TransmettreRequest(Strict):
    """One id or a batch: all are transmitted, or none (the refused id is named)."""

    ids: list[Annotated[int, Field(ge=1, le=2**31 - 1, strict=True)]] = Field(min_length=1, max_length=500)


class NoteRequest(Strict):
    note: Text(2000) = ""


class AssignerRequest(Strict):
    assigne_a: Text(200, 1) = Field(description="Personne ou service de la région chargé du suivi.")
    note: Text(2000) = ""


class RepondreRequest(Strict):
    reponse: Text(10_000, 1)
    note: Text(2000) = ""


# --- financement -----------------------------------------------------------------------


class FinancementCreate(Strict):
    projet_id: int = Field(ge=1, le=2**31 - 1, strict=True)
    dispositif: Dispositif
    statut: StatutFinancement = "demande"
    montant_demande_eur: Euros | None = None
    montant_accorde_eur: Euros | None = None
    date_demande: Day | None = None
    date_decision: Day | None = None

    @model_validator(mode="after")
    def _rules(self) -> "FinancementCreate":
        _dates_ordered(self.date_demande, self.date_decision, "financement (demande → décision)")
        if self.statut in ("accorde", "verse") and self.montant_accorde_eur is None:
            raise ValueError(f"financement « {self.statut} » : indiquez montant_accorde_eur")
        return self


class FinancementUpdate(Strict):
    version: int = Field(ge=1, le=2**31 - 1, strict=True)
    dispositif: Dispositif | None = None
    statut: StatutFinancement | None = None
    montant_demande_eur: Euros | None = None
    montant_accorde_eur: Euros | None = None
    date_demande: Day | None = None
    date_decision: Day | None = None


# --- mission ---------------------------------------------------------------------------


class MissionCreate(Scoped):
    intitule: Label
    cause: Text(500) = ""
    date_debut: Day
    duree_jours: int = Field(ge=1, le=3650, strict=True)
    statut: StatutMission = "ouverte"
    jalons: list[Jalon] = Field(default_factory=list, max_length=100)
    livrables: list[Livrable] = Field(default_factory=list, max_length=100)


class MissionUpdate(Strict):
    version: int = Field(ge=1, le=2**31 - 1, strict=True)
    intitule: Label | None = None
    cause: Text(500) | None = None
    date_debut: Day | None = None
    duree_jours: int | None = Field(default=None, ge=1, le=3650, strict=True)
    statut: StatutMission | None = None
    jalons: list[Jalon] | None = Field(default=None, max_length=100)
    livrables: list[Livrable] | None = Field(default=None, max_length=100)


# --- COPIL -----------------------------------------------------------------------------


class CopilCreate(Strict):
    code_region: RegionCode
    date_copil: Day
    decision: Text(10_000, 1)
    territoires: list[TerritoireId] = Field(default_factory=list, max_length=100)

    @model_validator(mode="after")
    def _territoires_in_region(self) -> "CopilCreate":
        outside = [t for t in self.territoires if codes.region_of_territoire(t) != self.code_region]
        if outside:
            raise ValueError(
                f"territoires hors de la région {self.code_region} : {', '.join(outside)} "
                f"(un COPIL régional ne décide que pour ses territoires ti-{self.code_region}NN)"
            )
        return self


class CopilUpdate(Strict):
    version: int = Field(ge=1, le=2**31 - 1, strict=True)
    date_copil: Day | None = None
    decision: Text(10_000, 1) | None = None
    territoires: list[TerritoireId] | None = Field(default=None, max_length=100)


# --- public views ----------------------------------------------------------------------


class Meta(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    created_at: datetime
    updated_at: datetime


class ContratPublic(Meta, ContratCreate):
    model_config = ConfigDict(from_attributes=True, extra="ignore")
    code_region: str


class ProjetPublic(Meta, ProjetCreate):
    model_config = ConfigDict(from_attributes=True, extra="ignore")
    code_region: str
    jours_bloque: int | None = Field(None, description="Jours depuis le plus ancien point de blocage non levé.")


class TransmissionPublic(BaseModel):
    """The workflow fields every transmitted resource shows."""

    statut: StatutTransmission
    statut_depuis: datetime | None = Field(None, description="Date de la dernière étape.")
    etapes: list[Etape] = Field(default_factory=list, description="Historique daté : statut, date, auteur, note.")
    assigne_a: str | None = None
    reponse: str | None = None
    date_reponse: date | None = None


class BesoinPublic(Meta, TransmissionPublic, BesoinCreate):
    model_config = ConfigDict(from_attributes=True, extra="ignore")
    code_region: str


class ProjetAVenirPublic(Meta, TransmissionPublic, ProjetAVenirCreate):
    model_config = ConfigDict(from_attributes=True, extra="ignore")
    code_region: str


class FinancementPublic(Meta, FinancementCreate):
    model_config = ConfigDict(from_attributes=True, extra="ignore")
    territoire_id: str
    phase: int
    code_region: str
    siren_epci: str


class MissionPublic(Meta, MissionCreate):
    model_config = ConfigDict(from_attributes=True, extra="ignore")
    code_region: str
    date_echeance: date = Field(description="date_debut + duree_jours.")
    jours_restants: int = Field(description="Jours jusqu'à l'échéance (0 si dépassée), selon la date du jour.")
    retard_jours: int = Field(0, description="Jours de retard sur l'échéance (0 si elle n'est pas dépassée).")


class CopilPublic(Meta, CopilCreate):
    model_config = ConfigDict(from_attributes=True, extra="ignore")


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int


# --- users, tokens, audit --------------------------------------------------------------


class UserCreate(Strict):
    email: Annotated[str, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    nom: Name = ""
    role: Role
    code_region: RegionCode | None = None
    siren_epci: Siren | None = None
    password: Annotated[str, Field(min_length=12, max_length=200)]

    @model_validator(mode="after")
    def _scope(self) -> "UserCreate":
        if self.role == "region" and not self.code_region:
            raise ValueError("rôle region : indiquez la région (--region 32)")
        if self.role == "epci" and not self.siren_epci:
            raise ValueError("rôle epci : indiquez le SIREN de l'EPCI (--epci 200072460)")
        return self


class UserPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    nom: str
    role: str
    code_region: str | None
    siren_epci: str | None
    is_active: bool


class LoginRequest(Strict):
    email: Annotated[str, Field(min_length=1, max_length=254)]
    password: Annotated[str, Field(min_length=1, max_length=200)]


class TokenPublic(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    utilisateur: UserPublic


class AuditPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    at: datetime
    actor_email: str
    actor_role: str
    action: str
    entity: str
    entity_id: int | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

