"""Identifier rules used by the store: Territoire d'industrie id, région, SIREN.

The Luhn check itself is the one of ``territories.codes`` (pure, no warehouse access).
"""

from __future__ import annotations

import re

from vigie_industrie.territories.codes import luhn_ok  # one Luhn check for every SIREN

REGIONS = ("01", "02", "03", "04", "06", "11", "24", "27", "28", "32", "44", "52", "53", "75", "76", "84", "93", "94")
PHASES = (1, 2)
_TI = re.compile(r"^ti-(\d{2})(\d{2})$")
_SIREN = re.compile(r"^\d{9}$")
LA_POSTE = "356000000"


def check_siren(value: str, what: str = "SIREN") -> str:
    """Return the SIREN or raise ``ValueError`` with a French message."""
    if not _SIREN.match(value or ""):
        raise ValueError(f"{what} « {value} » invalide : 9 chiffres attendus (ex. 200072460)")
    if value != LA_POSTE and not luhn_ok(value):
        raise ValueError(f"{what} « {value} » invalide : la clé de contrôle (Luhn) est fausse, vérifiez la saisie")
    return value


def region_of_territoire(territoire_id: str) -> str:
    """Region code of a Territoire d'industrie id (characters 3-4).

    >>> region_of_territoire("ti-3212")
    '32'
    """
    m = _TI.match(territoire_id or "")
    if not m:
        raise ValueError(
            f"identifiant de Territoire d'industrie « {territoire_id} » invalide : forme attendue ti-RRNN (ex. ti-3212)"
        )
    region = m.group(1)
    if region not in REGIONS:
        raise ValueError(
            f"identifiant « {territoire_id} » : la région {region} n'existe pas (régions : {', '.join(REGIONS)})"
        )
    return region


def check_territoire(value: str) -> str:
    region_of_territoire(value)
    return value


def check_region(value: str) -> str:
    if value not in REGIONS:
        raise ValueError(f"code région « {value} » inconnu : codes valides {', '.join(REGIONS)}")
    return value
