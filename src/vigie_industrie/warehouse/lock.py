"""One build at a time per warehouse: an advisory lock on ``<warehouse>.lock``.

``fcntl.flock`` is released by the kernel when its holder dies, ``kill -9`` included, so a
crashed build never leaves a stale lock to clean by hand. The holder writes its pid in the
file, for the message the second build prints. Readers never take this lock: they open the
current warehouse read-only, which a build replaces only once its own file is complete.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from vigie_industrie import errors


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


def _holder(handle) -> str:
    handle.seek(0)
    pid = handle.read(32).strip()
    return pid if pid.isdigit() else "inconnu"


@contextmanager
def build_lock(warehouse: Path) -> Iterator[Path]:
    """Hold the build lock of ``warehouse`` for the block, or raise ``BuildInProgress`` at once."""
    path = lock_path(Path(warehouse))
    handle = open(path, "a+", encoding="ascii")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise errors.BuildInProgress(
                f"Une construction de l'entrepôt {warehouse} est déjà en cours (pid {_holder(handle)}) : "
                "attendez qu'elle se termine (l'entrepôt actuel reste lisible), puis relancez `vigie build` si besoin."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield path
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()
