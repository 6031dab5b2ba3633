"""Deadlines of missions and blocking points of projects, computed from the clock.

Why one module: the CLI, the API and the screens all print « 24 j restants » or « en retard de
3 j »; computing the state once here means no surface can drift back to « -297 j restants ».
``today`` is always a parameter (the app clock, ``app.state.clock``, in the web and API).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError

from vigie_industrie.programme import schemas

NATURES = {
    "foncier": "Foncier",
    "autorisation_icpe": "Autorisation / ICPE",
    "financement": "Financement",
    "raccordement_energie": "Raccordement / énergie",
    "recrutement": "Recrutement",
    "infrastructure": "Infrastructure",
    "autre": "Autre",
}


@dataclass(frozen=True)
class Etat:
    """Where a mission stands on ``today``: exactly one of days left, due today, late, closed."""

    code: str  # en_cours | echeance | en_retard | close
    jours_restants: int
    retard_jours: int
    badge: str  # « J-24 », « J-0 », « en retard », « close »
    libelle: str  # « 24 j restants », « échéance aujourd'hui », « en retard de 3 j », « close »


def deadline(start: date, days: int) -> date:
    """Deadline of a mission: start + duration (e.g. 145 days for Béthune-Bruay).

    >>> deadline(date(2021, 1, 4), 145)
    datetime.date(2021, 5, 29)
    """
    return start + timedelta(days=days)


def etat_mission(echeance: date, today: date, close: bool = False) -> Etat:
    """The state of a mission; never a negative count of days.

    >>> etat_mission(date(2025, 7, 24), date(2025, 6, 30)).libelle
    '24 j restants'
    >>> etat_mission(date(2025, 7, 24), date(2026, 5, 17)).libelle
    'en retard de 297 j'
    """
    if close:
        return Etat("close", 0, 0, "close", "close")
    left = (echeance - today).days
    if left > 0:
        return Etat("en_cours", left, 0, f"J-{left}", f"{left} j restant{'s' if left >= 2 else ''}")
    if left == 0:
        return Etat("echeance", 0, 0, "J-0", "échéance aujourd'hui")
    return Etat("en_retard", 0, -left, "en retard", f"en retard de {-left} j")


def lire_points(raw: Any) -> list[schemas.PointBlocageLu]:
    """Stored blocking points read safely: former keys mapped, an unreadable point kept and flagged.

    Why never raise: a row written by an older version (or edited by hand in the database) must not
    turn a project list into a 500; the point is shown with what could be read and a note.
    """
    out = []
    for item in raw if isinstance(raw, list) else []:
        try:
            p = schemas.PointBlocage.model_validate(item)
            out.append(schemas.PointBlocageLu(**p.model_dump()))
        except ValidationError as exc:
            data = schemas.legacy_blocage(item) if isinstance(item, dict) else {}
            out.append(schemas.PointBlocageLu(
                nature=str(data.get("nature") or "autre"), acteur=str(data.get("acteur") or ""),
                description=str(data.get("description") or ""), depuis=_day(data.get("depuis")),
                leve_le=_day(data.get("leve_le")),
                illisible=f"point enregistré illisible ({exc.error_count()} erreur(s)) : corrigez-le"))
    return out


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def jours_bloque(points: list[schemas.PointBlocageLu], today: date) -> int | None:
    """Days since the oldest open blocking point (None when nothing is blocked)."""
    since = [p.depuis for p in points if p.ouvert and p.depuis is not None]
    return (today - min(since)).days if since else None
