"""Shapes of the official codes, checked in one place.

>>> is_commune_code("2A004"), is_commune_code("62139"), is_commune_code("6213")
(True, True, False)
>>> is_valid_siren("200069037"), is_valid_siren("200069038")
(True, False)
>>> normalise_name("  Béthune-Bruay, Artois-Lys Romane ")
'bethune bruay artois lys romane'
"""

from __future__ import annotations

import re
import unicodedata

COMMUNE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
SIREN = re.compile(r"^\d{9}$")
ZONE_EMPLOI = re.compile(r"^\d{4}$")
DEPARTEMENT = re.compile(r"^(?:\d{2}|2[AB]|97\d)$")
REGION = re.compile(r"^\d{2}$")
TERRITOIRE_INDUSTRIE = re.compile(r"^ti-\d{4}$")
NAF_SOUS_CLASSE = re.compile(r"^\d{2}\.?\d{2}[A-Z]$")
LA_POSTE_SIREN = "356000000"  # the one SIREN exempt from the Luhn check


def is_commune_code(code: str) -> bool:
    return bool(COMMUNE.match(code))


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def is_valid_siren(code: str) -> bool:
    """Nine digits passing the Luhn check (La Poste's SIREN excepted)."""
    return bool(SIREN.match(code)) and (code == LA_POSTE_SIREN or luhn_ok(code))


def normalise_siren(value: str) -> str:
    """Zero-pad a SIREN whose leading zeros were dropped (``94130994`` → ``094130994``).

    >>> normalise_siren(" 94130994 ")
    '094130994'
    """
    return value.strip().zfill(9)


def normalise_naf(code: str) -> str:
    """APE/NAF sub-class without the dot, upper-case (``29.10z`` → ``2910Z``).

    >>> normalise_naf("29.10z")
    '2910Z'
    """
    return code.strip().upper().replace(".", "")


def normalise_name(text: str) -> str:
    """Lower-case, accents removed, any punctuation as one space: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", stripped).strip()
