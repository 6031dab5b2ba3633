"""The territory reference passed between resolver, fiche, API and web."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Territoire:
    type: str  # commune, epci, ept, territoire_industrie, zone_emploi, departement, region, …
    code: str
    nom: str
    phase: int | None = None  # Territoires d'industrie only: 1 (2018-2022) or 2 (2023-2027)
    notes: tuple[str, ...] = field(default_factory=tuple)

    def ref(self) -> dict:
        out = {"type": self.type, "code": self.code, "nom": self.nom}
        if self.phase is not None:
            out["phase"] = self.phase
        return out
