"""The typed fiche of a territory: one model for every kind and every renderer.

The API serves it as its ``response_model`` (OpenAPI documents it), the CLI renders it, and
the web page and the PDF will read the same object. Why a model and not dicts: the keys are
fixed by the schema, so a key never carries data (years are values, ``periode``/``annee``);
the level of computation is always ``niveau`` and remarks always ``notes: list[str]``.

Sources are cited once per fiche: ``Fiche.sources`` is a numbered list (the catalogue's short
``attribution`` plus the full publisher / vintage / licence of each file loaded); every block,
figure, series and table refers to it by number (``sources: [1, 3]``).

Layout: a ``Fiche`` has its identity (``type``, ``code``, ``nom``, ``phase``…), membership
(``parents``, ``enfants``), ``chiffres_cles``, generic ``blocs`` (population, emploi,
industrie, chômage, pairs: each a ``Bloc`` of figures, series and tables) and typed blocks
that need more than figures (``territoires_industrie``, ``circonscriptions``, and for a
constituency ``circonscription``).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

# The four levels of computation of the indicator marts (issue 11 contract).
Niveau = Literal["exact", "union de zones", "estimation", "calcul réutilisateur"]
Cellule = int | float | str | bool | None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --- sources -------------------------------------------------------------------------------


class SourceFichier(_Model):
    """One loaded file of a source, with its full rights (``--sources`` prints these)."""

    titre: str
    editeur: str
    millesime: str | None = None
    licence: str
    licence_url: str | None = None


class Source(_Model):
    """A source cited by the fiche: ``numero`` is what blocks refer to."""

    numero: int = Field(ge=1)
    id: str = Field(description="Identifiant du catalogue des sources (`vigie data list`).")
    attribution: str = Field(description="Attribution courte du catalogue, à afficher avec le chiffre.")
    fichiers: list[SourceFichier] = Field(default_factory=list)


# --- figures, series, tables ---------------------------------------------------------------


class Chiffre(_Model):
    """One figure of an indicator (headline or one dimension, e.g. an A38 sector)."""

    id: str = Field(description="Identifiant de l'indicateur (registre `vigie indicateurs`).")
    libelle: str
    valeur: float | int | None = Field(description="null si la donnée manque (voir `note`), jamais 0 à la place.")
    unite: str | None = None
    periode: str | None = Field(None, description="« 2022 », « 2023-T3 », « 2019-2024 ».")
    annee: int | None = Field(None, description="Année de fin de la période.")
    dimension: str | None = Field(None, description="null pour la valeur d'ensemble ; sinon p. ex. un code A38.")
    niveau: Niveau | None = None
    methode: str | None = Field(None, description="Méthode, toujours donnée pour une estimation.")
    couverture: float | None = Field(None, description="Part de la population du territoire couverte (0 à 1).")
    nb_communes_sans_donnee: int | None = None
    note: str | None = None
    rang_france: int | None = None
    nb_france: int | None = None
    rang_region: int | None = None
    nb_region: int | None = None
    valeur_region: float | None = None
    valeur_france: float | None = None
    sources: list[int] = Field(default_factory=list)


class Point(_Model):
    periode: str
    annee: int | None = None
    valeur: float | int | None
    niveau: Niveau | None = None
    note: str | None = None


class Serie(_Model):
    """The values of one indicator over time (every period with data)."""

    id: str
    libelle: str
    unite: str | None = None
    dimension: str | None = None
    points: list[Point]
    sources: list[int] = Field(default_factory=list)


class Colonne(_Model):
    id: str = Field(description="Clé des lignes ; jamais une année (les années sont dans `libelle`).")
    libelle: str
    unite: str | None = None


class Tableau(_Model):
    """A table: rows keyed by column id (ids are fixed, labels may carry a period)."""

    id: str
    titre: str
    colonnes: list[Colonne]
    lignes: list[dict[str, Cellule]]
    notes: list[str] = Field(default_factory=list)
    sources: list[int] = Field(default_factory=list)


class Bloc(_Model):
    """A section of the fiche: what it measures, at which level, from which sources."""

    id: str
    titre: str
    niveau: Niveau | None = None
    definition: str | None = None
    notes: list[str] = Field(default_factory=list)
    chiffres: list[Chiffre] = Field(default_factory=list)
    series: list[Serie] = Field(default_factory=list)
    tableaux: list[Tableau] = Field(default_factory=list)
    sources: list[int] = Field(default_factory=list)


# --- identity and membership ---------------------------------------------------------------


class TerritoireRef(_Model):
    type: str
    code: str
    nom: str
    phase: int | None = None


class Relatifs(_Model):
    total: int
    liste: list[TerritoireRef] = Field(description="Les 50 premiers.")


class TerritoireIndustrie(_Model):
    """A Territoire d'industrie the territory's communes belong to (one shape for every kind)."""

    phase: int = Field(ge=1, le=2)
    periode: str | None = None
    territoire_id: str
    nom: str
    code_region: str | None = None
    nom_region: str | None = None
    nb_communes: int = Field(description="Communes du territoire dans ce Territoire d'industrie.")
    entier: bool = Field(description="Toutes les communes du territoire en font partie.")
    epci: list[TerritoireRef] = Field(default_factory=list, description="EPCI du territoire dans ce Territoire d'industrie.")


class TerritoiresIndustrie(Bloc):
    territoires: list[TerritoireIndustrie] = Field(default_factory=list)
    membre_direct: list[TerritoireRef] = Field(
        default_factory=list, description="Territoires d'industrie dont ce territoire est lui-même membre déclaré."
    )
    labellise_phases: list[int] = Field(default_factory=list)


class CirconscriptionRef(_Model):
    circonscription_id: str
    libelle: str
    nb_communes: int
    nb_communes_partielles: int
    depute: str | None = None
    date_debut_mandat: str | None = None


class Circonscriptions(Bloc):
    """The constituencies a territory's communes belong to, with their deputies."""

    circonscriptions: list[CirconscriptionRef] = Field(default_factory=list)


# --- a constituency's own blocks -----------------------------------------------------------


class Depute(_Model):
    nom_affiche: str
    nom: str | None = None
    prenom: str | None = None
    date_debut_mandat: str | None = None


class DeputeBloc(Bloc):
    depute: Depute | None = None
    siege_vacant: bool
    autres_lignes_rne: list[Depute] = Field(default_factory=list)


class CommuneCirconscription(_Model):
    code_commune: str
    nom_commune: str | None = None
    partielle: bool
    nb_circonscriptions: int | None = None
    population: int | None = None


class CommunesBloc(Bloc):
    nb_communes: int
    nb_communes_entieres: int
    nb_communes_partielles: int
    communes: list[CommuneCirconscription] = Field(default_factory=list)


class CarteBloc(Bloc):
    disponible: bool
    url: str
    attribution: str


class Circonscription(_Model):
    """What only a constituency has: its deputy, its communes (split ones flagged), the EPCI and
    zones it overlaps (``recoupements``), INSEE's constituency indicators and its contour."""

    code_insee: str | None = None
    numero: int | None = None
    depute: DeputeBloc
    communes: CommunesBloc
    recoupements: Bloc
    indicateurs_insee: Bloc
    carte: CarteBloc


# --- the fiche -----------------------------------------------------------------------------


class Fiche(_Model):
    """The fiche of one territory of any kind."""

    titre: str
    type: str
    libelle_type: str
    code: str
    nom: str
    phase: int | None = None
    notes: list[str] = Field(default_factory=list)
    nb_communes: int
    parents: Relatifs
    enfants: Relatifs
    chiffres_cles: list[Chiffre] = Field(default_factory=list)
    blocs: list[Bloc] = Field(default_factory=list, description="population, emploi, industrie, chomage, pairs…")
    territoires_industrie: TerritoiresIndustrie
    circonscriptions: Circonscriptions | None = None
    circonscription: Circonscription | None = None
    sources: list[Source] = Field(description="Sources citées une fois, numérotées ; les blocs y renvoient par numéro.")

    def bloc(self, id_: str) -> Bloc | None:
        """The block ``id_`` (``population``, ``emploi``, ``industrie``, ``chomage``, ``pairs``…)."""
        return next((b for b in self.blocs if b.id == id_), None)
