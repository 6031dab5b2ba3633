"""The typed answer of the closure-impact simulator (CLI ``--json``, API response, future web page).

Same conventions as the fiche (``fiches/model.py``): sources are cited once, numbered, and every
figure refers to them by number (``sources: [1, 3]``); assumptions are numbered the same way
(``hypotheses: [2]``), so each figure says what it rests on. A missing figure is ``null`` with the
reason in ``note``, never 0; an estimate has ``niveau = "estimation"`` and its ``methode``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from vigie_industrie.fiches.model import Niveau, Source, Tableau


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Publication(_Model):
    titre: str
    auteurs: str
    editeur: str
    reference: str
    url: str | None = None
    verification: str | None = None


class SourceImpact(Source):
    """A numbered source: a catalogue source (``fichiers``) or a publication (``publication``)."""

    publication: Publication | None = None


class Hypothese(_Model):
    numero: int = Field(ge=1)
    id: str
    texte: str


class Valeur(_Model):
    """One figure with what it rests on."""

    id: str
    libelle: str
    valeur: float | int | None = Field(description="null si la donnée manque (raison dans `note`), jamais 0 à la place.")
    unite: str | None = None
    periode: str | None = None
    dimension: str | None = Field(None, description="Secteur A38 du chiffre (emploi, poids, établissements du secteur).")
    niveau: Niveau | None = None
    methode: str | None = None
    note: str | None = None
    sources: list[int] = Field(default_factory=list)
    hypotheses: list[int] = Field(default_factory=list)


class CodeLibelle(_Model):
    code: str
    nom: str | None = None


class Naf(_Model):
    code: str = Field(description="Sous-classe NAF rév. 2 (forme 22.11Z).")
    libelle: str
    a38: str
    libelle_a38: str
    industrie: bool = Field(description="Sections B à E de la NAF.")


class Site(_Model):
    libelle: str | None = None
    commune: CodeLibelle | None = None
    epci: CodeLibelle | None = None
    naf: Naf
    emplois: int = Field(gt=0)
    notes: list[str] = Field(default_factory=list)


class TerritoireTouche(_Model):
    """A territory holding one site or more, with the share of its employment the loss represents."""

    type: str
    libelle_type: str
    code: str
    phase: int | None = None
    nom: str | None = None
    certain: bool = Field(description="false quand le site (donné par EPCI) n'y est placé que par hypothèse.")
    emplois_perdus: int
    chiffres: list[Valeur]
    notes: list[str] = Field(default_factory=list)


class MultiplicateurResultat(_Model):
    id: str
    libelle: str
    role: str | None = Field(None, description="bas, central, haut (bande par défaut) ou null.")
    statut: str = Field(description="« estimation publiée » ou « hypothèse ».")
    choisi: bool
    valeur: float
    bas: float
    haut: float
    unite: str
    periode_estimation: str
    portee: str
    annee_publication: int | None = None
    emplois_indirects: float
    emplois_indirects_bas: float
    emplois_indirects_haut: float
    emplois_total: float
    hausse_chomage_points: float | None = Field(
        None, description="Emplois directs + indirects de la zone principale rapportés à sa population active (majorant).")
    sources: list[int] = Field(default_factory=list)
    hypotheses: list[int] = Field(default_factory=list)


class Chomage(_Model):
    """One zone d'emploi holding sites: its unemployment rate, its (estimated) labour force, the rise."""

    zone_emploi: CodeLibelle | None = None
    emplois_perdus: int = Field(0, description="Emplois directs perdus dans la zone.")
    principale: bool = Field(False, description="La zone qui perd le plus d'emplois : celle des hausses par multiplicateur.")
    chiffres: list[Valeur]
    notes: list[str] = Field(default_factory=list)


class Disponibilite(_Model):
    """Which figure comes from loaded data and which is not available in the loaded files."""

    chiffre: str
    disponible: bool
    detail: str


class Impact(_Model):
    titre: str
    date: str | None = Field(None, description="Date de fermeture donnée (AAAA-MM-JJ) ou null.")
    annee_reference: int | None = Field(None, description="Dernière année de données retenue (au plus l'année précédant la fermeture).")
    sites: list[Site]
    emplois_directs: int
    multiplicateur: str = Field(description="Identifiant du multiplicateur choisi.")
    territoires: list[TerritoireTouche]
    multiplicateurs: list[MultiplicateurResultat]
    chomage: list[Chomage] = Field(description="Une entrée par zone d'emploi touchée, la principale d'abord.")
    comparables: list[Tableau] = Field(default_factory=list)
    disponibilite: list[Disponibilite] = Field(default_factory=list)
    hypotheses: list[Hypothese]
    sources: list[SourceImpact]
