"""Uploaded import files kept between the dry run shown on screen and the user's confirmation.

Why server-side: the confirmation must write *exactly* the file whose report the user read, and
must not trust anything the browser sends back but an opaque id. The upload is kept under a
random id (``secrets.token_urlsafe``; an id that does not match :data:`ID_PATTERN` is refused
before any file is touched, so a user never names a path) in a directory owned by this process's
user with mode 0700, together with its owner, its resource type and its SHA-256. It expires after
:data:`TTL_SECONDS`; a confirmation *claims* it by an atomic rename, so a second confirmation (or
two at once) finds nothing and is refused, and the files are deleted as soon as they are read.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from vigie_industrie import errors

TTL_SECONDS = 30 * 60
ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32}$")
GONE = ("Cet import a déjà été confirmé, a expiré (30 minutes) ou n'est pas le vôtre : "
        "renvoyez le fichier pour une nouvelle simulation.")


@dataclass(frozen=True)
class Pending:
    ident: str
    resource: str
    filename: str
    owner: str
    content: bytes


def default_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"vigie-imports-{os.getuid()}"


def _area(directory: Path | None) -> Path:
    """The private directory, created 0700; refused if another user owns it or others may read it."""
    path = Path(directory) if directory is not None else default_dir()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise errors.StoreUnavailable(
            f"Dossier temporaire des imports {path} non privé (propriétaire ou droits) : supprimez-le, "
            "il sera recréé avec les droits 0700.")
    return path


def save(content: bytes, *, resource: str, filename: str, owner: str, directory: Path | None = None,
         now: float | None = None) -> str:
    """Keep ``content`` for ``owner`` and return its id; expired uploads are removed on the way."""
    area = _area(directory)
    now = time.time() if now is None else now
    purge(area, now)
    ident = secrets.token_urlsafe(24)
    meta = {"resource": resource, "filename": filename[:200], "owner": owner, "created": now,
            "sha256": hashlib.sha256(content).hexdigest()}
    _write_private(area / f"{ident}.bin", content)
    _write_private(area / f"{ident}.json", json.dumps(meta).encode())
    return ident


def claim(ident: str, *, owner: str, directory: Path | None = None, now: float | None = None) -> Pending:
    """Take the upload ``ident`` of ``owner`` once: the files are gone afterwards."""
    if not isinstance(ident, str) or not ID_PATTERN.match(ident):
        raise errors.Conflict(GONE)
    area = _area(directory)
    now = time.time() if now is None else now
    meta_path = area / f"{ident}.json"
    try:
        meta = json.loads(meta_path.read_bytes())
    except (FileNotFoundError, ValueError):
        raise errors.Conflict(GONE) from None
    if meta.get("owner") != owner:  # someone else's id: refused, and left for its owner
        raise errors.Conflict(GONE)
    claimed = area / f"{ident}.claimed-{secrets.token_hex(8)}"
    try:
        os.rename(meta_path, claimed)  # atomic: of two confirmations, one wins
    except FileNotFoundError:
        raise errors.Conflict(GONE) from None
    data_path = area / f"{ident}.bin"
    try:
        content = data_path.read_bytes()
    except FileNotFoundError:
        raise errors.Conflict(GONE) from None
    finally:
        claimed.unlink(missing_ok=True)
        data_path.unlink(missing_ok=True)
    if now - float(meta["created"]) > TTL_SECONDS or hashlib.sha256(content).hexdigest() != meta["sha256"]:
        raise errors.Conflict(GONE)
    return Pending(ident, meta["resource"], meta["filename"], owner, content)


def purge(area: Path, now: float) -> None:
    """Delete the uploads older than the time limit (and leftovers of interrupted claims)."""
    for path in area.iterdir():
        try:
            if now - path.stat().st_mtime > TTL_SECONDS:
                path.unlink(missing_ok=True)
        except FileNotFoundError:
            continue


def _write_private(path: Path, content: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(content)
