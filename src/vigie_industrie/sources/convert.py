"""Turn a downloaded official file into the exact form the mirror keeps.

``url`` in the catalogue is the publisher's file; ``archive_member`` names the file inside
a zip; ``convert`` says how the mirror file was made from it:

- ``None`` / ``"copy"``: the same bytes;
- ``"gzip"``: the same content, gzip-compressed;
- ``"xlsx-sheet"``: one sheet of the workbook as CSV, ``convert_skip_rows`` title rows dropped,
  values unchanged (codes stay text).

Files that were derived by hand in the mirror (joins, parsing, re-user conversions) have
``derived_from`` and no ``convert``: they cannot be rebuilt from a download.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
import zipfile
from pathlib import Path

from vigie_industrie import errors
from vigie_industrie.sources import catalogue


def _tmp_beside(dest_dir: Path, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(prefix=".convert-", suffix=suffix, dir=dest_dir)
    os.close(fd)
    return Path(name)


def extract_member(source: catalogue.Source, sfile: catalogue.SourceFile, archive: Path, dest_dir: Path) -> Path:
    """The ``archive_member`` of the downloaded zip, as a temporary file in ``dest_dir``."""
    out = _tmp_beside(dest_dir, ".member")
    try:
        with zipfile.ZipFile(archive) as zf:
            names = zf.namelist()
            member = next((n for n in names if n == sfile.archive_member), None)
            if member is None:  # tolerate a folder prefix inside the archive
                member = next((n for n in names if n.rsplit("/", 1)[-1] == sfile.archive_member), None)
            if member is None:
                raise errors.SourceFileInvalid(
                    f"Source {source.id}, fichier {sfile.filename} : « {sfile.archive_member} » absent de l'archive "
                    f"téléchargée (contenu : {', '.join(names[:8])}). Nouveau millésime ? Mettez à jour le catalogue."
                )
            with zf.open(member) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
    except zipfile.BadZipFile:
        out.unlink(missing_ok=True)
        raise errors.SourceFileInvalid(
            f"Source {source.id}, fichier {sfile.filename} : l'archive téléchargée n'est pas un zip lisible. "
            "Réessayez, ou utilisez le miroir (`--mirror DIR`)."
        ) from None
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return out


def gzip_file(raw: Path, dest_dir: Path) -> Path:
    """Gzip ``raw`` (mtime 0, so the output depends only on the content)."""
    out = _tmp_beside(dest_dir, ".gz")
    with open(raw, "rb") as src, open(out, "wb") as fh:
        with gzip.GzipFile(filename="", mode="wb", fileobj=fh, mtime=0) as gz:
            shutil.copyfileobj(src, gz, 1 << 20)
    return out


def xlsx_sheet_to_csv(sfile: catalogue.SourceFile, workbook: Path, dest_dir: Path) -> Path:
    """One sheet as CSV, header = row ``convert_skip_rows`` (0-based), codes kept as text."""
    import pandas as pd

    # Read once, every cell as the workbook stores it (openpyxl is the slow part: a second, typed
    # read doubled the conversion), then let pandas infer each column's type as a typed read would:
    # a column whose cells are all text stays text (codes such as 0051 or 01 keep their zeros), the
    # others become numbers or dates. The CSV is byte-identical to the mirror conversions (tested).
    raw = pd.read_excel(
        workbook, sheet_name=sfile.convert_sheet, header=sfile.convert_skip_rows, engine="openpyxl", dtype=object
    )
    frame = raw.infer_objects().dropna(how="all")
    out = _tmp_beside(dest_dir, ".csv")
    compression = "gzip" if sfile.compressed else None
    frame.to_csv(
        out,
        index=False,
        sep=sfile.delimiter,
        encoding=sfile.encoding,
        compression={"method": "gzip", "mtime": 0} if compression else None,
    )
    return out


def to_mirror_form(source: catalogue.Source, sfile: catalogue.SourceFile, downloaded: Path, dest_dir: Path) -> Path:
    """Return a temporary file in ``dest_dir`` holding ``sfile`` as the mirror has it.

    Consumes (deletes) intermediate temporary files; the caller validates and moves the result.
    """
    if not sfile.downloadable:
        raise errors.SourceNotDownloadable(
            f"Source {source.id}, fichier {sfile.filename} : non disponible hors miroir "
            f"({sfile.derived_from}). Fournissez le miroir avec `--mirror DIR`."
        )
    current = downloaded
    intermediates: list[Path] = []
    try:
        if sfile.archive_member:
            intermediates.append(current)
            current = extract_member(source, sfile, current, dest_dir)
        if sfile.convert == "gzip":
            intermediates.append(current)
            current = gzip_file(current, dest_dir)
        elif sfile.convert == "xlsx-sheet":
            intermediates.append(current)
            try:
                current = xlsx_sheet_to_csv(sfile, current, dest_dir)
            except (ValueError, KeyError, zipfile.BadZipFile) as exc:
                raise errors.SourceFileInvalid(
                    f"Source {source.id}, fichier {sfile.filename} : conversion impossible de la feuille "
                    f"« {sfile.convert_sheet} » du classeur téléchargé ({exc}). Nouveau format ? "
                    "Utilisez le miroir (`--mirror DIR`) ou mettez à jour le catalogue."
                ) from None
        elif sfile.convert not in (None, "copy"):
            raise errors.SourceError(
                f"Source {source.id}, fichier {sfile.filename} : conversion « {sfile.convert} » inconnue. "
                "Corrigez le catalogue (copy, gzip ou xlsx-sheet)."
            )
    except BaseException:
        if current is not downloaded:
            current.unlink(missing_ok=True)
        for path in intermediates:
            path.unlink(missing_ok=True)
        raise
    for path in intermediates:
        path.unlink(missing_ok=True)
    return current
