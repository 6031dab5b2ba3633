"""Registry of territory kinds. Each kind is one module of this package exposing:

- ``TYPE`` and ``LABEL`` (French, for users);
- ``recognise(query) -> str | None``: the normalised code when ``query`` has this kind's code shape;
- ``get(con, code, phase=None) -> Territoire | None``;
- ``unknown(code) -> str``: the French message when a code of this shape is not found;
- ``parents(con, t)`` and ``children(con, t)``: lists of ``Territoire``;
- optionally ``search(con, normalised_query) -> list[Territoire]`` for names the shared index lacks.

Which communes a territory holds is said once, by the mart ``territoire_commune`` (built in SQL
for every kind, France included), never by a kind module.

Adding a kind is one module plus one line in ``KIND_MODULES`` (and its rows in ``territoire_commune``).
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from types import ModuleType

KIND_MODULES = (
    "territoire_industrie",
    "commune",
    "epci",
    "ept",
    "zone_emploi",
    "departement",
    "region",
    # issue 8 (circonscriptions législatives): ids circo-DD-NN, names, deputies
    "circonscription",
    # issue 11: France as a territory (code fr)
    "france",
)


@lru_cache
def all_kinds() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(f"{__name__}.{name}") for name in KIND_MODULES)


def kind(type_: str) -> ModuleType:
    for module in all_kinds():
        if module.TYPE == type_:
            return module
    known = ", ".join(m.TYPE for m in all_kinds())
    from vigie_industrie import errors

    raise errors.InvalidCode(f"Type de territoire « {type_} » inconnu (types : {known}).")
