"""CSV/XLSX import and export of programme rows.

Import is all or nothing: every row is validated first (schema, rights, duplicates)
and the report lists each rejected row with its reasons; only a clean file is written,
in one transaction with one audit event per row. ``--dry-run`` stops after validation.
A process killed mid-import leaves the store as before: the transaction never commits.

Format: one header row with the Create-schema field names (see docs/programme.md);
list fields (signataires, documents, points_blocage, jalons, livrables, territoires)
hold JSON text; empty cells mean "not given". Export writes the same columns (plus
id/version/code_region, ignored on import), so an export can be re-imported.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from vigie_industrie import errors
from vigie_industrie.programme import crud, spreadsheet, territorial
from vigie_industrie.programme.authz import Actor
from vigie_industrie.programme.db import Store

IGNORED = {"id", "version", "code_region", "created_at", "updated_at", "jours_bloque", "date_echeance",
           "jours_restants", "siren_epci_projet"}
LIST_FIELDS = {"signataires", "documents", "points_blocage", "jalons", "livrables", "territoires", "projet_ids"}
MAX_ROWS = 100_000
CODE_WIDTH = {"siren_epci": 9, "siren_entreprise": 9, "code_region": 2}


def read_table(path: Path) -> list[dict[str, Any]]:
    """Rows of a CSV (UTF-8, comma or semicolon) or XLSX file as dicts keyed by header."""
    return spreadsheet.read_path(path)


def read_bytes(content: bytes, filename: str) -> list[dict[str, Any]]:
    return spreadsheet.read_bytes(content, filename)


_INTEGER = re.compile(r"^-?\d{1,18}$")


@lru_cache
def integer_fields(schema) -> frozenset[str]:
    """Fields of ``schema`` typed as integers (from its JSON schema: plain, optional or Literal[1, 2])."""
    def is_int(prop: dict) -> bool:
        return prop.get("type") == "integer" or any(is_int(p) for p in prop.get("anyOf", []))

    return frozenset(k for k, prop in schema.model_json_schema()["properties"].items() if is_int(prop))


def _clean(raw: dict[str, Any], schema) -> dict[str, Any]:
    """Drop empty cells and derived columns, parse JSON lists, restore codes typed as numbers."""
    ints = integer_fields(schema)
    fields = set(schema.model_fields)
    data = {}
    for key, value in raw.items():
        if key is None or key == "" or (key in IGNORED and key not in fields):
            continue
        if value is None or (isinstance(value, str) and value.strip() == ""):
            continue
        if isinstance(value, spreadsheet.Formula):
            raise ValueError(f"{key} : cellule contenant une formule ({value.text[:60]}) refusée : "
                             "remplacez-la par sa valeur (copier, collage spécial « valeurs »)")
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and key in CODE_WIDTH:  # a spreadsheet turned a code into a number
            value = str(value).zfill(CODE_WIDTH[key])
        if key in LIST_FIELDS and isinstance(value, str):
            try:
                value = json.loads(value)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{key} : JSON attendu (ex. [\"Préfet\", \"Président de région\"]), erreur {exc.msg}") from exc
        elif key in ints and isinstance(value, str) and _INTEGER.match(value.strip()):
            value = int(value)  # a CSV cell is text; the schema itself is strict about numbers
        data[key] = value
    return data


def import_rows(*, store: Store, resource: str, rows: Iterable[dict[str, Any]], actor: Actor, dry_run: bool = False,
                progress: Callable[[int], None] | None = None, warehouse: Path | None = None) -> dict[str, Any]:
    """Validate every row, then (unless ``dry_run``) write them all in one transaction.

    Codes (territory ids, EPCI SIRENs) are checked against ``warehouse`` in one set-based query
    for the whole file (``territorial``); region and epci users cannot import without it.

    Returns ``{"type", "lignes", "acceptees", "rejetees": [{"ligne", "erreurs"}], "ecrit"}``;
    raises ``ImportRejected`` (nothing written) when any row is rejected.
    """
    if resource not in crud.RESOURCES:
        raise errors.ValidationFailed(f"Type d'import « {resource} » inconnu : types possibles {', '.join(crud.RESOURCES)}.")
    spec = crud.RESOURCES[resource]
    rows = list(rows)
    if len(rows) > MAX_ROWS:
        raise errors.ValidationFailed(f"{len(rows)} lignes : au plus {MAX_ROWS} par import, découpez le fichier.")
    parsed = _parse(spec, rows)  # line number → (data or None, problems)
    valid = {n: data for n, (data, problems) in parsed.items() if data is not None and not problems}
    with store.session() as session:
        crud.preload(session=session, resource=resource, items=list(valid.values()))
        scoped = {}
        for n, data in valid.items():
            try:
                scoped[n] = {**data.model_dump(), **crud.scope_of(session, resource, data)}
            except (ValueError, errors.VigieError) as exc:
                parsed[n][1].append(str(exc))
        facts = territorial.load_facts(warehouse, scoped.values(), actor)  # one warehouse query per import
        existing = crud.existing_contrats(session) if resource == "contrats" else {}
    seen_contrats: dict[tuple[str, int], int] = {}
    for n, values in scoped.items():
        problems = parsed[n][1]
        try:
            crud.check_write(actor, resource, values.get("code_region"), values.get("siren_epci"))
            territorial.check_row(facts, actor=actor, resource=resource, values=values)
        except errors.WarehouseMissing:
            raise
        except errors.VigieError as exc:
            problems.append(str(exc))
        if resource == "contrats":
            key = (values["territoire_id"], values["phase"])
            if key in seen_contrats:
                problems.append(f"doublon de la ligne {seen_contrats[key]} ({key[0]} phase {key[1]})")
            elif key in existing:
                problems.append(crud.duplicate_contrat_message(*key, existing[key]))
            seen_contrats.setdefault(key, n)
    rejected = [{"ligne": n, "erreurs": problems} for n, (_, problems) in parsed.items() if problems]
    report = {"type": resource, "lignes": len(rows), "acceptees": len(rows) - len(rejected), "rejetees": rejected,
              "ecrit": False, "simulation": dry_run}
    if rejected and not dry_run:
        raise errors.ImportRejected(
            f"Import refusé : {len(rejected)} ligne(s) sur {len(rows)} invalide(s), rien n'a été écrit. "
            f"Première : ligne {rejected[0]['ligne']} — {'; '.join(rejected[0]['erreurs'])}. "
            "Corrigez le fichier (la simulation donne la liste complète) et relancez.",
            report,
        )
    if dry_run or not valid:
        return report
    with store.transaction() as session:
        crud.create_many(session=session, resource=resource, items=list(valid.values()), actor=actor, facts=facts,
                         progress=progress)
    report["ecrit"] = True
    return report


def _parse(spec: crud.Resource, rows: list[dict[str, Any]]) -> dict[int, tuple[Any, list[str]]]:
    """Schema validation of each row, without any database: line → (data or None, problems)."""
    allowed = set(spec.create.model_fields) | IGNORED
    derived = set(spec.public.model_fields) - set(spec.create.model_fields)  # export-only columns
    out: dict[int, tuple[Any, list[str]]] = {}
    for n, raw in enumerate(rows, start=2):  # line 1 is the header
        problems = [f"colonne « {k} » inconnue (colonnes possibles : {', '.join(spec.create.model_fields)})"
                    for k in raw if k and k not in allowed | derived and k != spreadsheet.EXTRA]
        if raw.get(spreadsheet.EXTRA):
            extra = raw[spreadsheet.EXTRA]
            problems.append(f"{len(extra)} cellule(s) au-delà des {len([k for k in raw if k != spreadsheet.EXTRA])} "
                            f"colonnes de l'en-tête ({', '.join(repr(str(v))[:40] for v in extra[:3])}) : "
                            "retirez-les ou nommez leur colonne")
        data = None
        try:
            data = spec.create.model_validate(_clean({k: v for k, v in raw.items() if k in allowed}, spec.create))
        except ValidationError as exc:
            problems.append(crud.french_errors(exc))
        except (ValueError, errors.VigieError) as exc:
            problems.append(str(exc))
        out[n] = (data, problems)
    return out


def export_rows(*, store: Store, resource: str, actor: Actor, path: Path, today: date | None = None) -> int:
    """Write the rows visible to ``actor`` to CSV or XLSX (by extension); return the row count."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("csv", "xlsx"):
        raise errors.ValidationFailed(f"Extension de {path} non prise en charge : choisissez .csv ou .xlsx.")
    content, n = export_bytes(store=store, resource=resource, actor=actor, fmt=fmt, today=today)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return n


def export_bytes(*, store: Store, resource: str, actor: Actor, fmt: str, today: date | None = None,
                 filters: dict[str, Any] | None = None) -> tuple[bytes, int]:
    """The export file in memory (no temporary file to clean up) and its row count.

    Rights are checked before anything is produced; cells are written as inert values
    (see ``spreadsheet``). ``filters`` are the list filters of the resource (``crud.RESOURCES``,
    equality, as ``GET /api/v1/<resource>``), so a screen exports the list it shows.
    """
    if resource not in crud.RESOURCES:
        raise errors.ValidationFailed(f"Type d'export « {resource} » inconnu : types possibles {', '.join(crud.RESOURCES)}.")
    spec = crud.RESOURCES[resource]
    today = today or date.today()
    filters = {k: v for k, v in (filters or {}).items() if v is not None}
    for key in filters:
        if key not in spec.filters:
            raise errors.ValidationFailed(f"Filtre « {key} » inconnu pour {resource} : filtres possibles {', '.join(spec.filters)}.")
    with store.session() as session:
        stmt = crud.visible_query(resource, actor)
        for key, value in filters.items():
            stmt = stmt.where(getattr(spec.model, key) == value)
        rows = session.scalars(stmt.order_by(spec.model.id)).all()
        records = [crud.to_public(resource, r, today=today).model_dump(mode="json") for r in rows]
    header = ["id", "version"] + [f for f in spec.create.model_fields] + [
        f for f in spec.public.model_fields if f not in spec.create.model_fields and f not in ("id", "version")]
    buffer = io.BytesIO()
    spreadsheet.write(buffer, fmt, header, ([_cell(rec.get(h)) for h in header] for rec in records), sheet=resource)
    with store.transaction() as session:  # who took which rows out, and in what format
        crud.audit(session=session, actor=actor, action="export", entity=resource, entity_id=None, before=None,
                   after={"format": fmt, "lignes": len(records), "ids": [r["id"] for r in records][:10_000],
                          **({"filtres": filters} if filters else {})})
    return buffer.getvalue(), len(records)


def _cell(value: Any) -> Any:
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


def check_header(resource: str, rows: list[dict[str, Any]]) -> None:
    """One French line when the file's columns cannot be those of ``resource`` (before any row check).

    Why: a file meant for another type (or a header typed by hand) would otherwise give the same
    « colonne inconnue » error on every line; the screen says it once, with the expected columns.
    """
    if resource not in crud.RESOURCES:
        raise errors.ValidationFailed(f"Type d'import « {resource} » inconnu : types possibles {', '.join(crud.RESOURCES)}.")
    if not rows:
        raise errors.ValidationFailed("Le fichier ne contient aucune ligne de données sous l'en-tête : rien à importer.")
    spec = crud.RESOURCES[resource]
    header = [k for k in rows[0] if k and k != spreadsheet.EXTRA]
    allowed = set(spec.create.model_fields) | IGNORED | set(spec.public.model_fields)
    unknown = [k for k in header if k not in allowed]
    required = [k for k, f in spec.create.model_fields.items() if f.is_required() and k not in header]
    problems = []
    if unknown:
        problems.append(f"colonne(s) inconnue(s) {', '.join(f'« {k} »' for k in unknown[:8])}")
    if required:
        problems.append(f"colonne(s) obligatoire(s) absente(s) {', '.join(f'« {k} »' for k in required)}")
    if problems:
        raise errors.ValidationFailed(
            f"Colonnes du fichier incompatibles avec le type {resource} : {' ; '.join(problems)}. "
            f"Colonnes possibles : {', '.join(spec.create.model_fields)} (un export {resource} donne le bon en-tête).")
