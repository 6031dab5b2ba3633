"""Check one source file against its catalogue entry, fast and streaming.

``check_file`` is what ``vigie data pull`` and ``vigie build`` call before using a file:
it proves the file exists, is not truncated (gzip streamed to the end), decodes in the
declared encoding, carries every declared column after ``skip_lines`` and has at least
``min_rows`` data rows; it also compares the sha256 with the catalogue. Every failure is
a ``SourceFileMissing`` / ``SourceFileInvalid`` with a one-line French message naming the
source, the file, the problem and the command that fixes it.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import hashlib
import io
import json
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from vigie_industrie import errors
from vigie_industrie.sources import catalogue

CHUNK = 1 << 20
HEAD_BYTES = 256 * 1024
_GZIP_ERRORS = (EOFError, gzip.BadGzipFile, zlib.error)


@dataclass(frozen=True)
class FileCheck:
    """What was measured on a file that passed every check."""

    path: Path
    sha256: str
    size: int
    rows: int | None
    columns: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file, read by 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fix(source: catalogue.Source) -> str:
    return f"Relancez `vigie data pull --source {source.id} --force`."


def _invalid(source: catalogue.Source, sfile: catalogue.SourceFile, what: str, fix: str) -> errors.SourceFileInvalid:
    return errors.SourceFileInvalid(f"Source {source.id}, fichier {sfile.filename} : {what}. {fix}")


def _show(columns: list[str] | tuple[str, ...], limit: int = 12) -> str:
    shown = [c.replace("\n", " ") for c in columns[:limit]]
    more = f", … (+{len(columns) - limit})" if len(columns) > limit else ""
    return ", ".join(shown) + more


def check_file(
    source: catalogue.Source,
    sfile: catalogue.SourceFile,
    path: Path,
    *,
    verify_checksum: bool = True,
    checksum_mismatch: str = "error",
) -> FileCheck:
    """Validate ``path`` as the catalogue file ``sfile`` of ``source``.

    Args:
        verify_checksum: compare the sha256 with ``sfile.sha256`` (when declared).
        checksum_mismatch: ``"error"`` for a mirror copy (must be byte-identical),
            ``"warn"`` for a freshly downloaded file (upstream publishes new vintages):
            the mismatch is then returned in ``FileCheck.warnings``.

    Raises:
        errors.SourceFileMissing: the file does not exist.
        errors.SourceFileInvalid: empty, truncated, undecodable, missing columns, too few rows,
            or a checksum mismatch (``checksum_mismatch="error"``).
    """
    path = Path(path)
    if not path.is_file():
        raise errors.SourceFileMissing(
            f"Source {source.id}, fichier {sfile.filename} : absent ({path}). "
            f"Lancez `vigie data pull --source {source.id}`."
        )
    size = path.stat().st_size
    if size == 0:
        raise _invalid(source, sfile, f"fichier vide ({path})", _fix(source))

    digest = sha256_of(path)
    warnings: list[str] = []
    if verify_checksum and sfile.sha256 and digest != sfile.sha256:
        what = (
            f"empreinte sha256 {digest[:12]}… différente de celle du catalogue "
            f"({sfile.sha256[:12]}…)"
        )
        if checksum_mismatch == "warn":
            warnings.append(what + " : nouvelle version publiée ? vérifiez puis mettez à jour le catalogue")
        else:
            raise _invalid(
                source, sfile, what, "Le fichier a-t-il été modifié ? " + _fix(source)
            )

    fmt = sfile.format
    if fmt in ("csv", "csv.gz"):
        rows, columns = _check_csv(source, sfile, path)
    elif fmt == "xlsx":
        rows, columns = _check_xlsx(source, sfile, path)
    elif fmt in ("json", "json.gz", "geojson", "geojson.gz"):
        rows, columns = _check_json(source, sfile, path)
    else:
        raise _invalid(source, sfile, f"format « {fmt} » inconnu du catalogue", "Corrigez l'entrée du catalogue.")

    if sfile.min_rows is not None and rows is not None and rows < sfile.min_rows:
        raise _invalid(
            source,
            sfile,
            f"{rows} lignes de données, {sfile.min_rows} attendues au moins (fichier tronqué ?)",
            _fix(source),
        )
    return FileCheck(path=path, sha256=digest, size=size, rows=rows, columns=tuple(columns), warnings=tuple(warnings))


# --- CSV -------------------------------------------------------------------------------


def _open_binary(path: Path, compressed: bool):
    return gzip.open(path, "rb") if compressed else open(path, "rb")


def _check_csv(source, sfile, path: Path) -> tuple[int, list[str]]:
    encoding = sfile.encoding.lower().replace("_", "-")
    if encoding in ("utf-8", "utf8"):
        encoding = "utf-8-sig"  # strips a BOM, validates like utf-8
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    newlines = 0
    has_quote = False
    head: list[str] = []
    head_len = 0
    offset = 0
    last = b""
    try:
        with _open_binary(path, sfile.compressed) as fh:
            while chunk := fh.read(CHUNK):
                newlines += chunk.count(b"\n")
                has_quote = has_quote or b'"' in chunk
                try:
                    text = decoder.decode(chunk)
                except UnicodeDecodeError as exc:
                    raise _invalid(
                        source,
                        sfile,
                        f"octets illisibles en {sfile.encoding} vers l'octet {offset + exc.start} "
                        f"({exc.reason})",
                        "Le fichier est-il dans un autre encodage ? " + _fix(source),
                    ) from None
                if head_len < HEAD_BYTES:
                    head.append(text)
                    head_len += len(text)
                offset += len(chunk)
                last = chunk[-1:]
            decoder.decode(b"", final=True)
    except _GZIP_ERRORS as exc:
        raise _invalid(
            source,
            sfile,
            f"archive gzip tronquée ou corrompue ({type(exc).__name__}: {exc})",
            "Téléchargement interrompu ? " + _fix(source),
        ) from None
    except UnicodeDecodeError as exc:
        raise _invalid(
            source, sfile, f"fin de fichier illisible en {sfile.encoding} ({exc.reason})", _fix(source)
        ) from None

    head_text = "".join(head)
    reader = csv.reader(io.StringIO(head_text), delimiter=sfile.delimiter)
    header: list[str] | None = None
    for i, record in enumerate(reader):
        if i == sfile.skip_lines:
            header = record
            break
    if not header:
        raise _invalid(
            source, sfile, f"aucun en-tête trouvé après {sfile.skip_lines} ligne(s) de titre", _fix(source)
        )
    header = [h.lstrip("\ufeff") for h in header]
    if len(header) == 1 and len(sfile.columns) > 1:
        raise _invalid(
            source,
            sfile,
            f"séparateur « {sfile.delimiter} » absent de l'en-tête ({header[0][:80]!r})",
            "Le fichier a-t-il été réenregistré avec un autre séparateur ? " + _fix(source),
        )
    _check_columns(source, sfile, header)

    if has_quote:
        records = _count_csv_records(path, sfile, encoding)
    else:
        records = newlines + (1 if last not in (b"\n", b"") else 0)
    return records - sfile.skip_lines - 1, header


def _count_csv_records(path: Path, sfile, encoding: str) -> int:
    """Exact record count honouring quoted newlines (slower path, only when quotes occur)."""
    with _open_binary(path, sfile.compressed) as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        return sum(1 for record in csv.reader(text, delimiter=sfile.delimiter) if record)


def _check_columns(source, sfile, found: list[str]) -> None:
    present = set(found)
    missing = [c for c in sfile.columns if c not in present]
    if missing:
        first = missing[0].replace("\n", " ")
        more = f" (et {len(missing) - 1} autre(s))" if len(missing) > 1 else ""
        raise _invalid(
            source,
            sfile,
            f"colonne « {first} »{more} absente de l'en-tête (colonnes trouvées : {_show(found)})",
            "Le fichier a-t-il été modifié ? " + _fix(source),
        )


# --- XLSX ------------------------------------------------------------------------------


def _check_xlsx(source, sfile, path: Path) -> tuple[int, list[str]]:
    import zipfile

    import openpyxl

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise _invalid(
            source, sfile, f"classeur xlsx illisible ({type(exc).__name__}: {exc})", _fix(source)
        ) from None
    try:
        sheet = sfile.sheet or wb.sheetnames[0]
        if sheet not in wb.sheetnames:
            raise _invalid(
                source,
                sfile,
                f"feuille « {sheet} » absente (feuilles : {', '.join(wb.sheetnames)})",
                _fix(source),
            )
        ws = wb[sheet]
        header: list[str] = []
        for i, row in enumerate(ws.iter_rows(max_row=sfile.skip_lines + 1, values_only=True)):
            if i == sfile.skip_lines:
                header = ["" if v is None else str(v) for v in row]
        while header and header[-1] == "":
            header.pop()
        _check_columns(source, sfile, header)
        max_row = ws.max_row
        if max_row is None:  # no dimension recorded: count
            max_row = sum(1 for _ in ws.iter_rows(values_only=True))
        return max_row - sfile.skip_lines - 1, header
    finally:
        wb.close()


# --- JSON / GeoJSON --------------------------------------------------------------------


def _check_json(source, sfile, path: Path) -> tuple[int, list[str]]:
    compressed = sfile.format.endswith(".gz")
    try:
        with _open_binary(path, compressed) as fh:
            data = json.loads(fh.read().decode(sfile.encoding))
    except _GZIP_ERRORS as exc:
        raise _invalid(
            source,
            sfile,
            f"archive gzip tronquée ou corrompue ({type(exc).__name__}: {exc})",
            "Téléchargement interrompu ? " + _fix(source),
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _invalid(source, sfile, f"JSON illisible ({exc})", "Fichier tronqué ? " + _fix(source)) from None

    if sfile.format.startswith("geojson"):
        if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
            raise _invalid(source, sfile, "pas une FeatureCollection GeoJSON", _fix(source))
        objects = [f.get("properties") or {} for f in data.get("features", [])]
    else:
        if not isinstance(data, list):
            raise _invalid(source, sfile, "une liste d'objets JSON était attendue", _fix(source))
        objects = [o if isinstance(o, dict) else {} for o in data]

    found = list(objects[0]) if objects else []
    if sfile.columns:
        for index, obj in enumerate(objects):
            missing = [c for c in sfile.columns if c not in obj]
            if missing:
                raise _invalid(
                    source,
                    sfile,
                    f"propriété « {missing[0]} » absente de l'objet n° {index + 1} "
                    f"(propriétés trouvées : {_show(list(obj))})",
                    "Le fichier a-t-il été modifié ? " + _fix(source),
                )
    return len(objects), found


def check_local(source: catalogue.Source, sfile: catalogue.SourceFile, data_dir: Path) -> FileCheck:
    """``check_file`` on the pulled copy in ``data_dir``, strict or lenient as its origin warrants.

    A copy from the mirror must match the catalogue sha256; a file downloaded from the
    publisher (``manifest.json`` origin ``url``) may differ (new vintage): a warning only.
    This is what ``vigie build`` should call before loading a file.
    """
    from vigie_industrie.sources import manifest

    entry = manifest.read(data_dir).get(f"{source.id}/{sfile.key}", {})
    mode = "warn" if entry.get("origin") == "url" or not sfile.in_mirror else "error"
    return check_file(source, sfile, sfile.path(data_dir, source.id), checksum_mismatch=mode)
