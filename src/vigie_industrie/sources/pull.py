"""Bring every catalogue file into the local data directory, from the mirror or the publisher.

Layout: ``<dest>/<source id>/<filename>``, the same as the mirror, plus ``<dest>/manifest.json``.
For each file:

1. already present with the expected sha256 (and not ``force``): left untouched;
2. present in the mirror: validated there (strict: byte-identical to the catalogue), copied;
3. otherwise, unless ``offline``: downloaded from ``url`` (zip member extracted, converted to
   the mirror form when ``convert`` says how), validated (a sha256 difference is only a
   warning: publishers put out new vintages), then moved into place.

Every write goes to a temporary file in the destination folder then ``os.replace``: a failed
pull never leaves a partial file. Failures raise ``errors.SourceError`` subclasses with a
one-line French message; optional files (the national URSSAF export) are skipped instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from vigie_industrie import errors
from vigie_industrie.sources import _http, catalogue, convert, manifest, validate

COPIED, DOWNLOADED, UNCHANGED, SKIPPED = "copied", "downloaded", "unchanged", "skipped"


@dataclass(frozen=True)
class PullOutcome:
    """What happened to one catalogue file."""

    source_id: str
    key: str
    filename: str
    status: str  # copied | downloaded | unchanged | skipped
    path: Path | None = None
    origin: str | None = None  # mirror | url (None when skipped)
    check: validate.FileCheck | None = None
    messages: tuple[str, ...] = field(default=())


def select(source_ids: Iterable[str] | None = None) -> list[tuple[catalogue.Source, catalogue.SourceFile]]:
    """The (source, file) pairs to pull: every catalogue file, or those of ``source_ids``."""
    cat = catalogue.load_catalogue()
    sources = [catalogue.get_source(s) for s in source_ids] if source_ids else list(cat.values())
    return [(source, sfile) for source in sources for sfile in source.files]


def _mirror_dir(mirror: Path | None) -> Path | None:
    if mirror is None:
        return None
    mirror = Path(mirror)
    if not mirror.is_dir():
        raise errors.SourceError(
            f"Dossier miroir introuvable : {mirror}. Indiquez le bon dossier avec `--mirror DIR` "
            "(ou la variable VIGIE_MIRROR), ou omettez l'option pour télécharger."
        )
    return mirror


def _copy_atomic(src: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".copy-", suffix=".part", dir=target.parent)
    os.close(fd)
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _entry(source, sfile, check: validate.FileCheck, origin: str, location: str) -> dict:
    return {
        "source": source.id,
        "key": sfile.key,
        "filename": sfile.filename,
        "sha256": check.sha256,
        "size": check.size,
        "rows": check.rows,
        "origin": origin,
        "location": location,
        "pulled_at": manifest.now(),
        "warnings": list(check.warnings),
    }


def pull_file(
    source: catalogue.Source,
    sfile: catalogue.SourceFile,
    *,
    dest: Path,
    mirror: Path | None = None,
    offline: bool = False,
    force: bool = False,
    http=None,
    previous: dict | None = None,
) -> tuple[PullOutcome, dict | None]:
    """Pull one file; return its outcome and its manifest entry (None when skipped)."""
    target = sfile.path(dest, source.id)
    mirror_path = sfile.path(mirror, source.id) if mirror is not None else None
    in_mirror = mirror_path is not None and mirror_path.is_file()

    # 1. Already there and identical: nothing to do (fast: one hash, no parse when the manifest agrees).
    if target.is_file() and not force:
        expected = sfile.sha256 or (validate.sha256_of(mirror_path) if in_mirror else None)
        digest = validate.sha256_of(target)
        if expected is None or digest == expected:
            if previous and previous.get("sha256") == digest:
                check = validate.FileCheck(
                    path=target, sha256=digest, size=target.stat().st_size, rows=previous.get("rows"), columns=()
                )
                entry = previous
            else:
                check = validate.check_file(source, sfile, target, checksum_mismatch="warn")
                entry = _entry(source, sfile, check, "local", str(target))
            return PullOutcome(source.id, sfile.key, sfile.filename, UNCHANGED, target, entry.get("origin"), check), entry

    # 2. From the mirror.
    if in_mirror:
        check = validate.check_file(source, sfile, mirror_path)
        _copy_atomic(mirror_path, target)
        out_check = validate.FileCheck(target, check.sha256, check.size, check.rows, check.columns, check.warnings)
        return (
            PullOutcome(source.id, sfile.key, sfile.filename, COPIED, target, "mirror", out_check),
            _entry(source, sfile, out_check, "mirror", str(mirror_path)),
        )

    # 3. Not in the mirror.
    where = f"absent du miroir ({mirror})" if mirror is not None else "aucun miroir configuré"
    if not sfile.in_mirror:
        where = "jamais présent dans le miroir (fichier vivant, téléchargé en ligne uniquement)"
    if offline:
        if sfile.optional:
            note = (
                f"{source.id}/{sfile.filename} : {where} ; ignoré en mode --offline (fichier optionnel)."
                + (" La construction utilisera l'extrait Rouen (urssaf-commune-ape-ze-rouen)." if source.id == "urssaf-commune-ape" else "")
            )
            return PullOutcome(source.id, sfile.key, sfile.filename, SKIPPED, messages=(note,)), None
        raise errors.SourceFileMissing(
            f"Source {source.id}, fichier {sfile.filename} : {where} et téléchargement désactivé (--offline). "
            "Indiquez le bon miroir avec `--mirror DIR` ou relancez sans `--offline`."
        )
    try:
        return _download(source, sfile, target, http=http, where=where)
    except errors.SourceError as exc:
        if sfile.optional:
            note = f"{source.id}/{sfile.filename} : fichier optionnel non récupéré ({exc})"
            return PullOutcome(source.id, sfile.key, sfile.filename, SKIPPED, messages=(note,)), None
        raise


def _download(source, sfile, target: Path, *, http, where: str) -> tuple[PullOutcome, dict]:
    if not sfile.downloadable:
        raise errors.SourceNotDownloadable(
            f"Source {source.id}, fichier {sfile.filename} : {where} et non disponible hors miroir "
            f"({sfile.derived_from}). Fournissez le miroir avec `--mirror DIR`."
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    http = http if http is not None else _http.session()
    raw = _http.download(http, sfile.url, target.parent, label=f"Source {source.id}, fichier {sfile.filename}")
    result = convert.to_mirror_form(source, sfile, raw, target.parent)
    try:
        check = validate.check_file(source, sfile, result, checksum_mismatch="warn")
        os.replace(result, target)
    except BaseException:
        result.unlink(missing_ok=True)
        raise
    out_check = validate.FileCheck(target, check.sha256, check.size, check.rows, check.columns, check.warnings)
    return (
        PullOutcome(source.id, sfile.key, sfile.filename, DOWNLOADED, target, "url", out_check, check.warnings),
        _entry(source, sfile, out_check, "url", sfile.url),
    )


def pull(
    *,
    dest: Path,
    mirror: Path | None = None,
    source_ids: Iterable[str] | None = None,
    offline: bool = False,
    force: bool = False,
    http=None,
    on_start: Callable[[catalogue.Source, catalogue.SourceFile], None] | None = None,
    on_done: Callable[[PullOutcome], None] | None = None,
) -> list[PullOutcome]:
    """Pull the selected sources into ``dest`` and update ``dest/manifest.json``.

    Stops at the first failing file (already pulled files and the manifest are kept).

    Example:
        >>> # pull(dest=Path("var/data"), mirror=Path("../shared/data"), offline=True)
    """
    dest = Path(dest)
    mirror = _mirror_dir(mirror)
    pairs = select(source_ids)
    entries = manifest.read(dest)
    this_run: dict[str, dict] = {}
    outcomes: list[PullOutcome] = []
    try:
        for source, sfile in pairs:
            if on_start:
                on_start(source, sfile)
            name = f"{source.id}/{sfile.key}"
            target = str(sfile.path(dest, source.id))
            previous = entries.get(name)
            if target in this_run:  # two keys declared on one file: pulled once, recorded for both
                previous = {**this_run[target], "key": sfile.key}
            outcome, entry = pull_file(
                source, sfile, dest=dest, mirror=mirror, offline=offline, force=force and target not in this_run,
                http=http, previous=previous,
            )
            if entry is not None:
                entries[name] = entry
                this_run[target] = entry
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
    finally:
        if outcomes:
            manifest.write(dest, entries)
    return outcomes


def local_status(source: catalogue.Source, *, dest: Path, mirror: Path | None) -> dict:
    """Counts used by ``vigie data list``: files declared, present in ``dest``, present in the mirror."""
    present = sum(1 for f in source.files if f.path(dest, source.id).is_file())
    in_mirror = (
        sum(1 for f in source.files if f.path(mirror, source.id).is_file()) if mirror is not None and Path(mirror).is_dir() else 0
    )
    return {"files": len(source.files), "present": present, "in_mirror": in_mirror}
