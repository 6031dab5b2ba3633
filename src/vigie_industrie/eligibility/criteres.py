"""Criteria as data: a TOML file of dated, sourced criteria, loaded, checked and re-weighted.

Why data and not code: the rule is a policy choice that must be read, cited and argued about
(« which text does this threshold encode? »), versioned like a law text (OpenFisca keeps dated
parameters the same way), and swapped to compare (`--criteres FILE`, `--poids id=val`). The code
only interprets the file: a criterion reads one feature (``features.py``), maps its value through a
piecewise-linear scoring curve to a note in [0, 1], and weighs it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from vigie_industrie import errors
from vigie_industrie.eligibility import features

DEFAULT = "officiel-2019"
TRANSFORMATIONS = ("valeur", "abs")
SENS = ("hausse", "baisse")
MAX_POIDS = 1000.0


@dataclass(frozen=True)
class Critere:
    id: str
    libelle: str
    indicateur: str
    poids: float
    seuil: float
    courbe: tuple[tuple[float, float], ...]
    annee_reference: int
    texte_officiel: str
    source: str
    sens: str = "hausse"
    transformation: str = "valeur"
    dimension: str | None = None
    justification: str = ""
    # Fallback feature, read only when the main one has no value (by the decision year, say): same unit,
    # same curve. Why: the zone × sector tables start in 2019, so a decision of 2018 reads older sources.
    repli: str | None = None
    repli_justification: str = ""


@dataclass(frozen=True)
class Source:
    id: str
    titre: str
    url: str
    date: str
    extrait: str = ""


@dataclass(frozen=True)
class Grille:
    """One criteria file: metadata, the sources it cites, its criteria and the global verdict rule."""

    id: str
    titre: str
    version: str
    description: str
    seuil_eligible: float
    couverture_min: float
    criteres: tuple[Critere, ...]
    sources: dict[str, Source] = field(default_factory=dict)
    non_mesures: tuple[dict, ...] = ()
    fichier: str = ""

    def critere(self, ident: str) -> Critere:
        for c in self.criteres:
            if c.id == ident:
                return c
        raise errors.ValidationFailed(
            f"Critère « {ident} » inconnu dans « {self.id} » : {', '.join(c.id for c in self.criteres)}."
        )


def available() -> list[str]:
    """Names of the criteria files shipped with the package."""
    root = resources.files("vigie_industrie.eligibility") / "criteres"
    return sorted(p.name[:-5] for p in root.iterdir() if p.name.endswith(".toml"))


def _bad(where: str, message: str) -> errors.ValidationFailed:
    return errors.ValidationFailed(f"Fichier de critères {where} : {message}")


def _critere(raw: dict, where: str, sources: dict[str, Source]) -> Critere:
    ident = raw.get("id") or "?"
    need = ("id", "libelle", "indicateur", "poids", "seuil", "courbe", "annee_reference", "texte_officiel", "source")
    missing = [k for k in need if k not in raw]
    if missing:
        raise _bad(where, f"le critère « {ident} » n'a pas {', '.join(missing)}.")
    if not features.known(raw["indicateur"]):
        raise _bad(where, f"le critère « {ident} » lit « {raw['indicateur']} », ni indicateur du registre ni variable dérivée.")
    if raw["source"] not in sources:
        raise _bad(where, f"le critère « {ident} » cite la source « {raw['source']} », absente de [sources].")
    try:
        courbe = tuple((float(x), float(y)) for x, y in raw["courbe"])
        poids, seuil = float(raw["poids"]), float(raw["seuil"])
    except (TypeError, ValueError):
        raise _bad(where, f"le critère « {ident} » : courbe = [[x, note], …], poids et seuil sont des nombres.") from None
    xs = [x for x, _ in courbe]
    if len(courbe) < 2 or xs != sorted(xs) or len(set(xs)) != len(xs):
        raise _bad(where, f"la courbe du critère « {ident} » doit avoir au moins deux points d'abscisses croissantes.")
    if any(not 0 <= y <= 1 for _, y in courbe):
        raise _bad(where, f"les notes de la courbe du critère « {ident} » sont entre 0 et 1.")
    if not 0 <= poids <= MAX_POIDS or not all(map(lambda v: v == v and abs(v) != float("inf"), (seuil, *xs))):
        raise _bad(where, f"le critère « {ident} » : poids entre 0 et {MAX_POIDS:g}, seuil et courbe finis.")
    sens = raw.get("sens", "hausse")
    transformation = raw.get("transformation", "valeur")
    if sens not in SENS or transformation not in TRANSFORMATIONS:
        raise _bad(where, f"le critère « {ident} » : sens dans {SENS}, transformation dans {TRANSFORMATIONS}.")
    repli = raw.get("repli") or {}
    if repli:
        if not features.known(repli.get("indicateur", "")) or not repli.get("justification"):
            raise _bad(where, f"le repli du critère « {ident} » : un indicateur connu et sa justification.")
        if features.unite(repli["indicateur"]) != features.unite(raw["indicateur"]):
            raise _bad(where, f"le repli du critère « {ident} » doit avoir l'unité de « {raw['indicateur']} » "
                              f"({features.unite(raw['indicateur'])}) : il suit la même courbe.")
    return Critere(
        id=raw["id"], libelle=raw["libelle"], indicateur=raw["indicateur"], poids=poids, seuil=seuil, courbe=courbe,
        annee_reference=int(raw["annee_reference"]), texte_officiel=raw["texte_officiel"], source=raw["source"],
        sens=sens, transformation=transformation, dimension=raw.get("dimension"),
        justification=raw.get("justification", ""), repli=repli.get("indicateur"),
        repli_justification=repli.get("justification", ""),
    )


def parse(text: str, where: str = "") -> Grille:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise _bad(where, f"TOML illisible ({exc}).") from None
    meta = data.get("grille") or {}
    sources = {k: Source(id=k, titre=v.get("titre", k), url=v.get("url", ""), date=v.get("date", ""),
                         extrait=v.get("extrait", "")) for k, v in (data.get("sources") or {}).items()}
    raws = data.get("critere") or []
    if not raws:
        raise _bad(where, "aucun [[critere]].")
    criteres = tuple(_critere(r, where, sources) for r in raws)
    ids = [c.id for c in criteres]
    if len(set(ids)) != len(ids):
        raise _bad(where, "deux critères portent le même id.")
    return Grille(
        id=meta.get("id", Path(where).stem or "criteres"), titre=meta.get("titre", ""), version=str(meta.get("version", "")),
        description=meta.get("description", ""), seuil_eligible=float(meta.get("seuil_eligible", 50)),
        couverture_min=float(meta.get("couverture_min", 0.5)), criteres=criteres, sources=sources,
        non_mesures=tuple(data.get("non_mesure") or ()), fichier=where,
    )


def load(name_or_path: str | Path | None = None) -> Grille:
    """A shipped file by name (``officiel-2019``) or any TOML file by path; the default when None."""
    name = str(name_or_path or DEFAULT)
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise _bad(name, "introuvable.") from None
        return parse(text, str(path))
    root = resources.files("vigie_industrie.eligibility") / "criteres" / f"{name}.toml"
    if not root.is_file():
        raise errors.ValidationFailed(
            f"Critères « {name} » inconnus : fichiers livrés {', '.join(available())}, ou le chemin d'un fichier .toml."
        )
    return parse(root.read_text(encoding="utf-8"), f"criteres/{name}.toml")


def parse_poids(items: list[str] | None) -> dict[str, float]:
    """``["identite_industrielle=2", …]`` as a dict; a malformed item is one French line."""
    out: dict[str, float] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        try:
            if not sep or not key.strip():
                raise ValueError
            out[key.strip()] = float(value.replace(",", "."))
        except ValueError:
            raise errors.ValidationFailed(f"poids « {item} » : écrivez id=valeur, ex. identite_industrielle=2.") from None
        if not 0 <= out[key.strip()] <= MAX_POIDS:  # also refuses nan and inf
            raise errors.ValidationFailed(f"poids « {item} » : un poids est un nombre entre 0 et {MAX_POIDS:g}.")
    return out


def with_poids(grille: Grille, poids: dict[str, float]) -> Grille:
    """The same criteria with some weights changed (the id says so, for the comparison tables)."""
    if not poids:
        return grille
    for ident in poids:
        grille.critere(ident)
    criteres = tuple(replace(c, poids=poids.get(c.id, c.poids)) for c in grille.criteres)
    suffix = ",".join(f"{k}={v:g}" for k, v in sorted(poids.items()))
    return replace(grille, id=f"{grille.id}+poids({suffix})", criteres=criteres)
