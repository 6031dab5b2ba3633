"""Figures written the French way, for every text renderer (CLI, fiche lines, later the PDF).

>>> nombre(1234567), nombre(10.6, 1), nombre(None), nombre("2023-T3")
('1\u202f234\u202f567', '10,6', 'n.d.', '2023-T3')
"""

from __future__ import annotations


def nombre(value, digits: int = 0) -> str:
    """Thin space between thousands, decimal comma; ``n.d.`` (non disponible) for a missing figure."""
    if value is None:
        return "n.d."
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.{digits}f}"
    return text.replace(",", "\u202f").replace(".", ",")
