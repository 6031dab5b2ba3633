"""What the steering forms share: reading a posted form, validating and writing it or turning the
refusals into errors beside the fields (``save_or_errors``), the success notice after a redirect.

Why: a form re-rendered with 422 keeps the user's input and shows each French message beside its
field; a refusal of the store's rights (``errors.Forbidden``) is shown on the form with the store's
own sentence (status 403), never replaced by a screen-made wording.
"""

from __future__ import annotations

import re
from datetime import date
from collections.abc import Callable
from typing import Any

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from vigie_industrie import errors
from vigie_industrie.programme import crud, messages

SUCCES = {
    "cree": "Enregistré.", "modifie": "Modifications enregistrées.", "point": "Point de blocage ajouté.",
    "leve": "Point de blocage levé.", "jalon": "Jalon ajouté.", "fait": "Jalon marqué fait.",
    "lie": "Projets liés enregistrés.", "cloture": "Rapport de clôture enregistré : la mission est close.",
}


async def form_data(request: Request) -> dict[str, Any]:
    """The posted fields, stripped; several values of one name (checkboxes) as a list."""
    form = await request.form()
    out: dict[str, Any] = {}
    for key in form.keys():
        values = [str(v).strip() for v in form.getlist(key)]
        out[key] = values if len(values) > 1 or key.endswith("[]") else values[0]
    return out


def blank_to_none(values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """Only the given fields, empty ones left out (the schema's default applies)."""
    return {k: values[k] for k in fields if values.get(k) not in (None, "", [])}


def integers(values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, str]:
    """Convert integer fields in place; returns the errors of those that are not integers."""
    problems = {}
    for key in fields:
        if key in values and isinstance(values[key], str):
            if re.fullmatch(r"-?\d{1,12}", values[key]):
                values[key] = int(values[key])
            else:
                problems[key] = f"« {values[key]} » n'est pas un nombre entier"
    return problems


_PREFIX = re.compile(r"^([a-z_]+) : (.*)$", re.S)


def field_errors(exc: ValidationError, fields: tuple[str, ...], prefix: tuple[str, ...] = (),
                 rename: dict[str, str] | None = None) -> dict[str, str]:
    """Pydantic errors → {form field: French message}; a rule on the whole form goes to ``__all__``.

    A model-level rule names its field at the start of its message (« date_cloture : … »): it is
    put beside that field when the form has it. ``rename`` maps a nested location
    (« points_blocage.0.nature ») to the form's input name (« point_nature »).
    """
    out: dict[str, str] = {}
    for err in exc.errors():
        full = ".".join(str(p) for p in err.get("loc", ()))
        loc = [str(p) for p in err.get("loc", ()) if str(p) not in prefix]
        text = messages.french(err)
        key = loc[-1] if loc and loc[-1] in fields else (loc[0] if loc and loc[0] in fields else None)
        if rename and full in rename:
            key = rename[full]
        if key is None:
            m = _PREFIX.match(text)
            if m and m.group(1) in fields:
                key, text = m.group(1), m.group(2)
        key = key or "__all__"
        out[key] = f"{out[key]} ; {text}" if key in out else text
    return out


def store_error(exc: errors.VigieError, fields: tuple[str, ...]) -> dict[str, str]:
    """A store's 422 (« territoire_id : … ») beside its field; anything else on the form as a whole."""
    text = str(exc)
    m = _PREFIX.match(text)
    if isinstance(exc, errors.ValidationFailed) and m and m.group(1) in fields:
        return {m.group(1): m.group(2)}
    return {"__all__": text}


def status_of(exc: errors.VigieError) -> int:
    return int(getattr(exc, "http_status", 422))


def save_or_errors(store, schema: type[BaseModel], values: dict[str, Any], write: Callable[[Session, BaseModel], Any],
                   *, fields: tuple[str, ...], done: Callable[[Any], Response],
                   again: Callable[[dict[str, str], int], Response], prefix: tuple[str, ...] = (),
                   rename: dict[str, str] | None = None) -> Response:
    """Validate ``values`` with ``schema``, ``write(session, data)`` in one transaction, then
    ``done(what write returned)`` (the 303 to the row's page); a refusal is ``again(erreurs, status)``,
    the same form or page re-rendered with the user's input: the schema's errors beside their fields
    (422, see ``field_errors``), the store's own sentence with its status (403 right, 404, 409 stale
    version, 422 rule; see ``store_error``).

    Why one function: every steering form that creates or edits a row (projects, missions, needs,
    upcoming projects) does exactly this, and the order is the point: nothing is written when the
    schema refuses, and the store's refusal is shown as the store worded it.
    """
    try:
        data = schema.model_validate(values)
        with store.transaction() as session:
            result = write(session, data)
    except ValidationError as exc:
        return again(field_errors(exc, fields, prefix, rename), 422)
    except errors.VigieError as exc:
        return again(store_error(exc, fields), status_of(exc))
    return done(result)


def create_or_errors(request: Request, store, actor, resource: str, values: dict[str, Any], *,
                     fields: tuple[str, ...], again: Callable[[dict[str, str], int], Response],
                     rename: dict[str, str] | None = None) -> Response:
    """``save_or_errors`` for a new row through ``crud.create_checked`` (the API's rights and territory
    checks), then 303 to its page ``/pilotage/<resource>/<id>`` with « Enregistré. »."""
    return save_or_errors(
        store, crud.RESOURCES[resource].create, values,
        lambda session, data: crud.create_checked(session=session, resource=resource, data=data, actor=actor,
                                                  warehouse=request.app.state.settings.warehouse),
        fields=fields, rename=rename, again=again, done=lambda row: redirect(f"/pilotage/{resource}/{row.id}", "cree"))


def redirect(path: str, ok: str) -> RedirectResponse:
    """POST → 303 → GET with the success notice named by ``ok``."""
    sep = "&" if "?" in path else "?"
    return RedirectResponse(f"{path}{sep}ok={ok}", status_code=303)


def succes(request: Request) -> str | None:
    return SUCCES.get(request.query_params.get("ok", ""))


def today(request: Request) -> date:
    return request.app.state.clock()
