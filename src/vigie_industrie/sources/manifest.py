"""``<data dir>/manifest.json``: what was pulled, from where, with which fingerprint.

One entry per file, keyed ``<source id>/<file key>``::

    {"source": "...", "key": "...", "filename": "...", "sha256": "...", "size": 123,
     "rows": 456, "origin": "mirror" | "url" | "local" (found in place, no earlier entry), "location": "<mirror path or URL>",
     "pulled_at": "2026-11-24T05:30:00+00:00", "warnings": [...]}
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime, timezone
from pathlib import Path

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1


def manifest_path(dest: Path) -> Path:
    return Path(dest) / MANIFEST_NAME


def read(dest: Path) -> dict[str, dict]:
    """Entries of an existing manifest (empty when absent or unreadable)."""
    path = manifest_path(dest)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}
    return dict(data.get("files", {}))


def write(dest: Path, entries: dict[str, dict]) -> Path:
    """Write the manifest atomically (temp file + ``os.replace``)."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    payload = {
        "format_version": FORMAT_VERSION,
        "written_at": now(),
        "files": dict(sorted(entries.items())),
    }
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", suffix=".json", dir=dest)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        os.replace(tmp, manifest_path(dest))
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return manifest_path(dest)


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()
