"""The last evaluation's figures, kept beside the warehouse they were computed on.

A backtest takes about a minute: the API does not rerun it per request, it serves what
`vigie alertes evaluer` wrote, and says whether the warehouse was rebuilt since.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

from vigie_industrie import errors


def path_for(warehouse: Path) -> Path:
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.name + ".alertes-evaluation.json")


def _version(warehouse: Path) -> list[int] | None:
    try:
        stat = Path(warehouse).stat()
    except FileNotFoundError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


def write(warehouse: Path, results: dict) -> Path:
    target = path_for(warehouse)
    body = {"genere_le": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "entrepot_version": _version(warehouse), "cibles": results}
    target.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
    return target


def read(warehouse: Path) -> dict:
    source = path_for(warehouse)
    if not source.exists():
        raise errors.NotFound(
            "Aucune évaluation des alertes pour cet entrepôt : lancez `vigie alertes evaluer`.")
    body = json.loads(source.read_text(encoding="utf-8"))
    return {"genere_le": body.get("genere_le"), "entrepot_a_jour": body.get("entrepot_version") == _version(warehouse),
            "cibles": body["cibles"]}
