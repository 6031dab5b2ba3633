"""Helpers of the observatory routes: warehouse per request, CSV negotiation, perimeter lookup.

Every observatory read answers JSON (typed response models) or CSV, chosen by
``?format=csv`` or an ``Accept: text/csv`` header; the CSV is written by
``observatoire.csvout`` (formula-looking cells neutralised).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from fastapi.responses import Response

from vigie_industrie.observatoire import csvout
from vigie_industrie.observatoire.cible import PerimetreLookup
from vigie_industrie.programme.authz import Actor

CSV_MEDIA = "text/csv"
FormatQuery = Annotated[Literal["json", "csv"] | None,
                        Query(description="csv pour une réponse CSV (aussi : en-tête Accept: text/csv).")]
CSV_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {CSV_MEDIA: {"schema": {"type": "string"}}},
          "description": "JSON, ou CSV (UTF-8, virgule, ligne d'en-tête) avec ?format=csv ou Accept: text/csv."},
}


def wants_csv(request: Request, fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "csv"
    return CSV_MEDIA in request.headers.get("accept", "")


def csv_response(rows: list[dict[str, Any]], columns: Sequence[str], filename: str) -> Response:
    return Response(csvout.to_csv(rows, columns), media_type=f"{CSV_MEDIA}; charset=utf-8",
                    headers={"Content-Disposition": f'inline; filename="{filename}.csv"'})


def lookup(store, actor: Actor) -> PerimetreLookup:
    return PerimetreLookup(store=lambda: store, actor=actor)


def split_list(value: str | None) -> list[str]:
    """``a,b , c`` → ['a', 'b', 'c'] (empty items dropped)."""
    return [v.strip() for v in (value or "").split(",") if v.strip()]
