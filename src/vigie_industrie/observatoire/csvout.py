"""CSV for spreadsheets, safe to open: formula-looking text cells are neutralised.

A text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is
run as a formula by spreadsheet programs (CSV injection); OWASP's advice is to prefix
it with a single quote. Numbers are written as numbers (a negative figure is not text
and stays ``-3.2``). Kept in one small function so it can be swapped for the shared
helper once the export code has one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """The cell as written: formula-looking text gets a leading quote.

    >>> neutralise("=1+1"), neutralise("-x"), neutralise(-3.2), neutralise("Saint-Omer")
    ("'=1+1", "'-x", -3.2, 'Saint-Omer')
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        value = " ; ".join(str(v) for v in value)
    if isinstance(value, dict):
        value = " ; ".join(f"{k}={v}" for k, v in value.items())
    return neutralise(value)


def to_csv(rows: Iterable[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as CSV text (comma, UTF-8, header line); missing values are empty cells."""
    rows = list(rows)
    if columns is None:
        columns = list(dict.fromkeys(k for r in rows for k in r))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in columns])
    return out.getvalue()
