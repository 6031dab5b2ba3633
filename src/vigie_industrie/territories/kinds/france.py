"""France, as a territory: ``fr`` or ``France`` (métropole and DROM, as INSEE counts it).

Its figures come from the same indicator marts as any territory's; its communes from the
crosswalk ``territoire_commune`` (type ``france``, code ``fr``): every commune of its 18 régions,
not those of the collectivités d'outre-mer, territories of their own (the COG's zone ``com``).
"""

from __future__ import annotations

from vigie_industrie.territories.kinds._common import territories
from vigie_industrie.territories.model import Territoire

TYPE = "france"
LABEL = "France"
CODE = "fr"
NOM = "France"


def recognise(query: str) -> str | None:
    """``fr`` for « fr », « France », « FRA » (any case); None otherwise.

    >>> recognise("France"), recognise(" FR "), recognise("Hauts-de-France")
    ('fr', 'fr', None)
    """
    return CODE if query.strip().lower() in ("fr", "fra", "france") else None


def get(con, code: str, phase: int | None = None) -> Territoire | None:
    return Territoire(TYPE, CODE, NOM) if code == CODE else None


def unknown(code: str) -> str:
    return f"Code {code} inconnu : la France s'écrit « fr » ou « France »."


def parents(con, t: Territoire) -> list[Territoire]:
    return []


def children(con, t: Territoire) -> list[Territoire]:
    return territories(con, "region", "select code_region, nom_region from region where zone <> 'com' order by 1", [])
