"""Indicator values written for people: French numbers, the unit, estimates marked.

An estimate is never shown as a plain figure: ``≈`` before it and ``(estimation)`` in the
level column, with the method in a note below the table.
"""

from __future__ import annotations

from vigie_industrie.territories import formatting

ESTIMATE = "estimation"
PERCENT_UNITS = ("%", "points", "pts", "point de %", "points de %")


def digits_for(unite: str | None, value) -> int:
    """Decimals shown: none for counts, one for percentages and points, two for ratios.

    >>> digits_for("emplois", 1234.0), digits_for("%", 12.345), digits_for("indice", 1.2345)
    (0, 1, 2)
    """
    u = (unite or "").strip().lower()
    if u in PERCENT_UNITS or u.startswith("%"):
        return 1
    if isinstance(value, float) and not value.is_integer():
        return 0 if u in ("emplois", "habitants", "établissements", "etablissements", "personnes") else 2
    return 0


def valeur(value, unite: str | None = None, niveau: str | None = None) -> str:
    """One value as printed: ``1 234``, ``12,3 %``, ``≈ 4 560`` for an estimate, ``n.d.`` when missing.

    >>> valeur(1234.0, "emplois"), valeur(12.345, "%"), valeur(4560.2, "emplois", "estimation"), valeur(None, "%")
    ('1\u202f234', '12,3 %', '≈ 4\u202f560', 'n.d.')
    """
    if value is None:
        return "n.d."
    digits = digits_for(unite, value)
    if isinstance(value, float) and digits == 0:
        value = int(round(value))
    text = formatting.nombre(value, digits)
    if (unite or "").strip().startswith("%"):
        text += " %"
    return f"≈ {text}" if niveau == ESTIMATE else text


def niveau(level: str | None) -> str:
    return "[yellow]estimation[/yellow]" if level == ESTIMATE else (level or "")
