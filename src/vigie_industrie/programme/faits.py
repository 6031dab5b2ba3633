"""The programme's public facts (``data/faits_publics.csv``): a dated timeline, each row with its source.

Why a file in the package and not rows of the store: these are public events of the programme
(announcements, counts of territories, first contracts), the same for every installation, and
each must carry the address of the public page that states it. A fact the sources do not date or
place keeps its date or territory empty, and a fact without a found source says so in ``note``;
nothing here is guessed. The calendar screen, ``GET /api/v1/programme/faits-publics`` and
``vigie programme faits`` all read :func:`faits`.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

FICHIER = Path(__file__).parent / "data" / "faits_publics.csv"
COLONNES = ("date", "date_fin", "evenement", "regions", "territoire", "nombre", "unite", "source_url",
            "source_titre", "note")


@dataclass(frozen=True)
class Fait:
    date: str | None  # « 2019-03-18 », « 2019-07 » (month) or « 2020 » (year) as the source gives it
    date_fin: str | None
    evenement: str
    regions: tuple[str, ...]
    territoire: str | None
    nombre: int | None
    unite: str | None
    source_url: str | None
    source_titre: str | None
    note: str | None

    @property
    def precision(self) -> str | None:
        """jour, mois or annee: how precise the source's date is (None when it gives none)."""
        if not self.date:
            return None
        return {10: "jour", 7: "mois", 4: "annee"}[len(self.date)]

    @property
    def debut(self) -> date | None:
        """The first day the date may mean (for ordering and placing on the timeline)."""
        if not self.date:
            return None
        parts = [int(p) for p in self.date.split("-")] + [1, 1]
        return date(parts[0], parts[1], parts[2])

    def as_dict(self) -> dict:
        out = asdict(self)
        out["regions"] = list(self.regions)
        out["precision"] = self.precision
        return out


def _read(path: Path) -> list[Fait]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != COLONNES:
            raise ValueError(f"{path} : en-tête attendu {','.join(COLONNES)}")
        rows = []
        for line, raw in enumerate(reader, start=2):
            clean = {k: (v.strip() or None) for k, v in raw.items()}
            if not clean["evenement"]:
                raise ValueError(f"{path} ligne {line} : evenement vide")
            if clean["nombre"] is not None and not clean["nombre"].isdigit():
                raise ValueError(f"{path} ligne {line} : nombre « {clean['nombre']} » n'est pas un entier")
            if clean["source_url"] is None and not clean["note"]:
                raise ValueError(f"{path} ligne {line} : ni source ni note disant pourquoi elle manque")
            rows.append(Fait(
                date=clean["date"], date_fin=clean["date_fin"], evenement=clean["evenement"],
                regions=tuple((clean["regions"] or "").split(";")) if clean["regions"] else (),
                territoire=clean["territoire"], nombre=int(clean["nombre"]) if clean["nombre"] else None,
                unite=clean["unite"], source_url=clean["source_url"], source_titre=clean["source_titre"],
                note=clean["note"]))
    return rows


@lru_cache(maxsize=4)
def _cached(path: str, mtime: int) -> tuple[Fait, ...]:
    return tuple(_read(Path(path)))


def faits(path: Path = FICHIER, region: str | None = None) -> list[Fait]:
    """The facts in date order (undated ones last), optionally those naming a région."""
    rows = _cached(str(path), path.stat().st_mtime_ns)
    if region:
        rows = tuple(f for f in rows if region in f.regions)
    return sorted(rows, key=lambda f: (f.debut is None, f.debut or date.max, f.evenement))
