"""Circonscriptions législatives: identifiers, names and labels (pure functions, no I/O).

The one identifier is ``circo-DD-NN``: ``DD`` the département code (2 characters, ``2A``/``2B``
for Corsica, 3 for overseas: ``971``…``988``; ``ZZ`` for the French abroad) and ``NN`` the
constituency number on two digits (``circo-62-08``, ``circo-2A-01``, ``circo-971-01``).

Sources code constituencies in two other shapes, converted here and nowhere else:

- INSEE ``circo``: 5 characters, département on 2 + number on 3 (``62008``), or département on 3
  + number on 2 (``97101``). It has the shape of a commune code (``62008`` is also the commune
  Acquin-Westbécourt), so a bare 5-character code is **never** read as a constituency by the
  resolver: :func:`from_insee_code` is for reading INSEE files only.
- RNE (Répertoire national des élus): département + 2 digits (``6208``, ``2A01``, ``97101``,
  ``ZZ01``; ``97701`` for Saint-Barthélemy et Saint-Martin, which INSEE codes ``97801``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from vigie_industrie import errors

PREFIX = "circo-"
# Saint-Barthélemy (977) and Saint-Martin (978) share one constituency, coded 97801 by INSEE
# (the id used here) and 97701 (collectivité ZX) by the RNE.
ALIASES = {"circo-977-01": "circo-978-01"}
_DEP = r"(?:\d{2}|2[AB]|9[78]\d|ZZ)"
_ID_RE = re.compile(rf"^circo-({_DEP})-(\d{{2}})$")
_LOOSE_ID_RE = re.compile(r"^\s*circo[\s_-]*([0-9a-z]{2,3})[\s_-]+(\d{1,3})\s*$", re.IGNORECASE)
_SUFFIXED_ORDINAL_RE = re.compile(r"\b(\d{1,2})\s*(?:e|eme|ieme|er|ere|re|nd|nde)\b")
_WORD_ORDINAL_RE = re.compile(r"\b(premiere|premier|unique)\b")
_BARE_NUMBER_RE = re.compile(r"\b(\d{1,2})\b")
# French article (and verb number) by the COG's « type de nom en clair » (TNCC).
_ARTICLES = {0: "", 1: "", 2: "Le ", 3: "La ", 4: "Les ", 5: "L'", 6: "Aux ", 7: "Las ", 8: "Los "}
_PLURAL_TNCC = {4, 6, 7, 8}


def make_id(code_departement: str, numero: int) -> str:
    """The canonical id from a département code and a constituency number.

    >>> make_id("62", 8)
    'circo-62-08'
    >>> make_id("2a", 1)
    'circo-2A-01'
    >>> make_id("977", 1)
    'circo-978-01'
    """
    dep = code_departement.strip().upper()
    if not re.fullmatch(_DEP, dep):
        raise errors.InvalidCode(
            f"Code de département « {code_departement} » invalide pour une circonscription : "
            "2 caractères (01 à 95, 2A, 2B), 3 pour l'outre-mer (971 à 988) ou ZZ (Français de l'étranger)."
        )
    if not 1 <= int(numero) <= 99:
        raise errors.InvalidCode(f"Numéro de circonscription « {numero} » invalide : entre 1 et 99.")
    ident = f"{PREFIX}{dep}-{int(numero):02d}"
    return ALIASES.get(ident, ident)


def split_id(circonscription_id: str) -> tuple[str, int]:
    """``('62', 8)`` from ``'circo-62-08'`` (the id must be canonical).

    >>> split_id("circo-971-01")
    ('971', 1)
    """
    match = _ID_RE.match(circonscription_id)
    if not match:
        raise errors.InvalidCode(
            f"Identifiant de circonscription « {circonscription_id} » invalide : attendu circo-DD-NN, "
            "par exemple circo-62-08, circo-2A-01 ou circo-971-01."
        )
    return match.group(1), int(match.group(2))


def looks_like_id(text: str) -> bool:
    """Whether the user typed a constituency id (``circo-…``), well formed or not.

    >>> looks_like_id("Circo-62-8"), looks_like_id("62008")
    (True, False)
    """
    return bool(re.match(r"^\s*circo[\s_-]*[0-9a-z]{1,3}[\s_-]+\d", text, re.IGNORECASE))


def normalize_id(text: str) -> str:
    """The canonical id from what a user typed (case, separators and padding are free).

    >>> normalize_id("circo-62-08")
    'circo-62-08'
    >>> normalize_id(" CIRCO-2a-1 ")
    'circo-2A-01'
    >>> normalize_id("circo_971_01")
    'circo-971-01'
    >>> normalize_id("62008")
    Traceback (most recent call last):
    ...
    vigie_industrie.errors.InvalidCode: Identifiant de circonscription « 62008 » invalide : attendu circo-DD-NN, par exemple circo-62-08, circo-2A-01 ou circo-971-01.
    """
    match = _LOOSE_ID_RE.match(text)
    if not match:
        raise errors.InvalidCode(
            f"Identifiant de circonscription « {text.strip()} » invalide : attendu circo-DD-NN, "
            "par exemple circo-62-08, circo-2A-01 ou circo-971-01."
        )
    return make_id(match.group(1), int(match.group(2)))


def from_insee_code(code: str) -> str:
    """The id from INSEE's 5-character ``circo`` (files only: never for user input).

    >>> from_insee_code("62008"), from_insee_code("2A001"), from_insee_code("97101")
    ('circo-62-08', 'circo-2A-01', 'circo-971-01')
    """
    code = code.strip().upper()
    if len(code) != 5:
        raise errors.InvalidCode(f"Code INSEE de circonscription « {code} » invalide : 5 caractères attendus.")
    if code[:2] in ("97", "98"):
        return make_id(code[:3], int(code[3:]))
    return make_id(code[:2], int(code[2:]))


def to_insee_code(circonscription_id: str) -> str:
    """INSEE's 5-character code of a constituency.

    >>> to_insee_code("circo-62-08"), to_insee_code("circo-971-01")
    ('62008', '97101')
    """
    dep, num = split_id(circonscription_id)
    return f"{dep}{num:02d}" if len(dep) == 3 else f"{dep}{num:03d}"


def from_rne_code(code: str) -> str:
    """The id from the RNE's « Code de la circonscription législative ».

    >>> from_rne_code("6208"), from_rne_code("2A01"), from_rne_code("97101"), from_rne_code("97701")
    ('circo-62-08', 'circo-2A-01', 'circo-971-01', 'circo-978-01')
    """
    code = code.strip().upper()
    if len(code) not in (4, 5):
        raise errors.InvalidCode(f"Code RNE de circonscription « {code} » invalide : 4 ou 5 caractères attendus.")
    return make_id(code[:-2], int(code[-2:]))


def ordinal(numero: int) -> str:
    """French abbreviated ordinal, as in « 1re circonscription », « 8e circonscription ».

    >>> ordinal(1), ordinal(2), ordinal(21)
    ('1re', '2e', '21e')
    """
    return "1re" if numero == 1 else f"{numero}e"


def label(nom_departement: str, numero: int) -> str:
    """The display name of a constituency.

    >>> label("Pas-de-Calais", 8)
    'Pas-de-Calais, 8e circonscription'
    >>> label("Corse-du-Sud", 1)
    'Corse-du-Sud, 1re circonscription'
    """
    return f"{nom_departement}, {ordinal(numero)} circonscription"


def fold(text: str) -> str:
    """Accent-, case- and punctuation-insensitive form used for every name comparison.

    >>> fold("Côtes-d'Armor"), fold("  PYRÉNÉES–ORIENTALES ")
    ('cotes d armor', 'pyrenees orientales')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    bare = bare.replace("œ", "oe").replace("æ", "ae")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", bare).split())


def with_article(nom_departement: str, type_liaison: int | None) -> str:
    """The département name with its article, from the COG's TNCC (« type de nom en clair »).

    >>> with_article("Pas-de-Calais", 2), with_article("Ain", 5), with_article("Paris", 0)
    ('Le Pas-de-Calais', "L'Ain", 'Paris')
    """
    return f"{_ARTICLES.get(type_liaison, '') if type_liaison is not None else ''}{nom_departement}"


def count_sentence(nom_departement: str, type_liaison: int | None, ids: Iterable[str]) -> str:
    """What exists in a département, for error messages.

    >>> count_sentence("Pas-de-Calais", 2, [f"circo-62-{n:02d}" for n in range(1, 13)])
    'Le Pas-de-Calais compte 12 circonscriptions (circo-62-01 à circo-62-12).'
    >>> count_sentence("Pyrénées-Orientales", 4, ["circo-66-01", "circo-66-02"])
    'Les Pyrénées-Orientales comptent 2 circonscriptions (circo-66-01 à circo-66-02).'
    >>> count_sentence("Lozère", 3, ["circo-48-01"])
    'La Lozère compte 1 circonscription (circo-48-01).'
    """
    ids = sorted(ids)
    subject = with_article(nom_departement, type_liaison)
    subject = subject[:1].upper() + subject[1:]
    verb = "comptent" if type_liaison in _PLURAL_TNCC else "compte"
    if len(ids) == 1:
        return f"{subject} {verb} 1 circonscription ({ids[0]})."
    return f"{subject} {verb} {len(ids)} circonscriptions ({ids[0]} à {ids[-1]})."


def _article_variants(folded: str) -> set[str]:
    """A folded name with and without its leading article or preposition."""
    out = {folded}
    for prefix in ("de la ", "de l ", "du ", "des ", "de ", "d ", "la ", "le ", "les ", "l "):
        for name in list(out):
            if name.startswith(prefix) and len(name) > len(prefix):
                out.add(name[len(prefix):])
    return out


def name_index(departements: Mapping[str, str]) -> dict[str, str]:
    """Folded département names (with and without article) → département code.

    >>> name_index({"62": "Pas-de-Calais", "974": "La Réunion"})["reunion"]
    '974'
    """
    index: dict[str, str] = {}
    for code, nom in departements.items():
        for variant in _article_variants(fold(nom)):
            index.setdefault(variant, code)
    return index


def parse_name(text: str, departements: Mapping[str, str]) -> tuple[str, int] | None:
    """``(code_departement, numero)`` from a constituency name, or ``None`` if it is not one.

    Accepts the usual French forms, accent- and case-insensitively, given the département
    names (code → name) of the warehouse.

    >>> deps = {"62": "Pas-de-Calais", "66": "Pyrénées-Orientales", "2A": "Corse-du-Sud"}
    >>> parse_name("Pas-de-Calais 8e circonscription", deps)
    ('62', 8)
    >>> parse_name("8e circonscription du Pas-de-Calais", deps)
    ('62', 8)
    >>> parse_name("pyrenees orientales (4ème circonscription)", deps)
    ('66', 4)
    >>> parse_name("1re circonscription de Corse-du-Sud", deps)
    ('2A', 1)
    >>> parse_name("Pas-de-Calais", deps) is None
    True
    """
    folded = fold(text)
    if "circonscription" not in folded and "circo" not in folded.split():
        return None
    rest = re.sub(r"\bcirconscriptions?\b|\bcirco\b|\blegislatives?\b|\bn(?:o)?\s+(?=\d)", " ", folded)
    match = _SUFFIXED_ORDINAL_RE.search(rest) or _WORD_ORDINAL_RE.search(rest)
    if match is None:
        # « circonscription n° 8 du Pas-de-Calais »: the last bare number
        numbers = list(_BARE_NUMBER_RE.finditer(rest))
        match = numbers[-1] if numbers else None
    if match is None:
        return None
    numero = int(match.group(1)) if match.group(1).isdigit() else 1
    rest = " ".join((rest[: match.start()] + " " + rest[match.end():]).split())
    if not rest:
        return None
    index = name_index(departements)
    for variant in sorted(_article_variants(rest), key=len, reverse=True):
        if variant in index:
            return index[variant], numero
    # a département code typed instead of its name: « 62 8e circonscription »
    code = rest.upper()
    if code in departements:
        return code, numero
    return None
