"""The local employment multipliers: cited parameters read from ``parametres/multiplicateurs.toml``.

Why a data file and not constants: a multiplier is a published estimate with a date, a period, a
scope and a reference; a reader must see which one a figure rests on, and a maintainer changes a
value or adds a study by editing the file, as OpenFisca keeps the law as dated parameters.

The arithmetic is here too, pure (no warehouse), so the tests check it on given parameters:

>>> m = Multiplicateur("x", "X", 1.34, 1.34, 1.34, "emplois", None, "2007-2023", "France", "estimation publiée",
...                    Publication("T", "A", "E", "R", "", ""))
>>> indirects(863, m)
1156.42
>>> total(863, m)
2019.42
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from vigie_industrie import errors

ROLES = ("bas", "central", "haut")
STATUTS = ("estimation publiée", "hypothèse")
_REQUIRED = ("libelle", "valeur", "unite", "periode_estimation", "portee", "statut", "source")
_SOURCE_KEYS = ("titre", "auteurs", "editeur", "reference", "url", "verification")


@dataclass(frozen=True)
class Publication:
    titre: str
    auteurs: str
    editeur: str
    reference: str
    url: str
    verification: str


@dataclass(frozen=True)
class Multiplicateur:
    """Indirect and induced local jobs per direct job (``valeur``), with the range the source gives."""

    id: str
    libelle: str
    valeur: float
    bas: float
    haut: float
    unite: str
    annee_publication: int | None
    periode_estimation: str
    portee: str
    statut: str
    source: Publication

    @property
    def hypothese(self) -> bool:
        return self.statut == "hypothèse"


@dataclass(frozen=True)
class Parametres:
    multiplicateurs: dict[str, Multiplicateur]
    bande: dict[str, str]  # role (bas, central, haut) → id
    defaut: str

    def get(self, multiplicateur_id: str | None) -> Multiplicateur:
        """The multiplier ``multiplicateur_id`` (the default when None), or a French error naming the ids."""
        if multiplicateur_id is None:
            return self.multiplicateurs[self.defaut]
        key = multiplicateur_id.strip().lower()
        if key in self.bande:  # « bas », « central », « haut » name the band's estimates
            key = self.bande[key]
        try:
            return self.multiplicateurs[key]
        except KeyError:
            close = difflib.get_close_matches(key, list(self.multiplicateurs), n=3, cutoff=0.4)
            hint = f" Vouliez-vous dire : {', '.join(close)} ?" if close else ""
            raise errors.InvalidCode(
                f"Multiplicateur « {multiplicateur_id} » inconnu.{hint} Identifiants : "
                f"{', '.join(self.multiplicateurs)} (ou bas, central, haut)."
            ) from None

    def role(self, multiplicateur_id: str) -> str | None:
        return next((r for r, i in self.bande.items() if i == multiplicateur_id), None)


def parse(data: dict, origin: str = "multiplicateurs.toml") -> Parametres:
    """Check and type the parameters; a malformed file is a clear error, never a silent default."""

    def fail(why: str):
        raise errors.ValidationFailed(f"Paramètres des multiplicateurs ({origin}) invalides : {why}.")

    table = data.get("multiplicateurs")
    if not isinstance(table, dict) or not table:
        fail("table [multiplicateurs] absente ou vide")
    out: dict[str, Multiplicateur] = {}
    for mid, entry in table.items():
        missing = [k for k in _REQUIRED if k not in entry]
        if missing:
            fail(f"{mid} : clé(s) manquante(s) {', '.join(missing)}")
        valeur = entry["valeur"]
        if not isinstance(valeur, (int, float)) or isinstance(valeur, bool) or valeur < 0:
            fail(f"{mid} : valeur doit être un nombre positif")
        bas, haut = float(entry.get("bas", valeur)), float(entry.get("haut", valeur))
        if not bas <= float(valeur) <= haut:
            fail(f"{mid} : il faut bas ≤ valeur ≤ haut")
        if entry["statut"] not in STATUTS:
            fail(f"{mid} : statut « {entry['statut']} » (attendu : {', '.join(STATUTS)})")
        source = entry["source"]
        if not isinstance(source, dict) or any(k not in source for k in _SOURCE_KEYS):
            fail(f"{mid} : source doit avoir {', '.join(_SOURCE_KEYS)}")
        out[mid] = Multiplicateur(
            mid, entry["libelle"], float(valeur), bas, haut, entry["unite"], entry.get("annee_publication"),
            entry["periode_estimation"], entry["portee"], entry["statut"],
            Publication(**{k: str(source[k]) for k in _SOURCE_KEYS}),
        )
    bande = data.get("bande") or {}
    roles = {r: bande.get(r) for r in ROLES}
    for role, mid in roles.items():
        if mid not in out:
            fail(f"[bande] {role} = « {mid} » ne nomme aucun multiplicateur")
        if out[mid].hypothese:
            fail(f"[bande] {role} : une hypothèse ne peut pas faire partie de la bande")
    if not out[roles["bas"]].valeur <= out[roles["central"]].valeur <= out[roles["haut"]].valeur:
        fail("[bande] il faut bas ≤ central ≤ haut")
    defaut = bande.get("defaut")
    if defaut not in out or out[defaut].hypothese:
        fail("[bande] defaut doit nommer une estimation publiée (jamais une hypothèse)")
    return Parametres(out, roles, defaut)


@lru_cache(maxsize=1)
def load() -> Parametres:
    """The parameters shipped with the package."""
    text = (resources.files("vigie_industrie.impact") / "parametres" / "multiplicateurs.toml").read_text(encoding="utf-8")
    return parse(tomllib.loads(text))


def indirects(direct: float, m: Multiplicateur, borne: str = "valeur") -> float:
    """Indirect and induced local jobs lost with ``direct`` direct jobs: direct × multiplier."""
    return round(direct * getattr(m, borne), 6)


def total(direct: float, m: Multiplicateur, borne: str = "valeur") -> float:
    """Direct plus indirect and induced local jobs: direct × (1 + multiplier)."""
    return round(direct + indirects(direct, m, borne), 6)


def hausse_chomage(emplois: float, population_active: float | None) -> float | None:
    """Points of unemployment rate if ``emplois`` residents of the zone lose their job and stay in its
    labour force without finding another (an upper bound): 100 × emplois / population active.

    >>> hausse_chomage(863, 104_000)
    0.829808
    >>> hausse_chomage(863, None) is None
    True
    """
    if population_active is None or population_active <= 0:
        return None
    return round(100.0 * emplois / population_active, 6)
