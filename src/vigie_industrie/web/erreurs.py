"""French HTML error pages for the web paths; the API keeps its problem+json documents.

Why wrap the API's handlers instead of adding new ones: one place decides what an error *is*
(status, title, French detail, candidates of an ambiguous name: ``api/problems.py``); the web
only changes how it is shown. A path is a web page when it is not under ``/api/``, not a static
file, not the health probe and not a data download (``.json``/``.csv``), so scripts fetching a
territory's JSON still get a problem document.
"""

from __future__ import annotations

import json

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from vigie_industrie import errors

DATA_SUFFIXES = (".json", ".csv")
NOT_PAGES = ("/api/", "/static/", "/health")


def is_page(request: Request) -> bool:
    path = request.url.path
    return not path.startswith(NOT_PAGES) and not path.endswith(DATA_SUFFIXES)


def install(app: FastAPI) -> None:
    """Wrap the handlers already registered (problems.install, French validation) for web pages."""
    for exc_class in (errors.VigieError, StarletteHTTPException, RequestValidationError):
        api_handler = app.exception_handlers.get(exc_class)
        if api_handler is not None:
            app.add_exception_handler(exc_class, _wrapped(api_handler))


def _wrapped(api_handler):
    async def handler(request: Request, exc: Exception):
        response = await api_handler(request, exc)
        if not is_page(request):
            return response
        problem = json.loads(bytes(response.body))
        return page(request, problem, exc, headers={k: v for k, v in response.headers.items()
                                                    if k.lower() in ("retry-after", "allow")})
    return handler


def page(request: Request, problem: dict, exc: Exception | None = None, headers: dict | None = None,
         links: list[tuple[str, str]] | None = None):
    """The error page: title and detail of the problem, candidates or suggestions as links."""
    from vigie_industrie.web import templating

    status = int(problem.get("status", 500))
    candidates = problem.get("candidates") or []
    suggestions = list(getattr(exc, "suggestions", None) or []) if exc is not None else []
    if status == 404 and candidates:  # an unknown name's closest names are suggestions, not candidates
        suggestions, candidates = suggestions or candidates, []
    return templating.render(
        request, "erreur.html",
        {"status": status, "titre": problem.get("title", "Erreur"), "detail": problem.get("detail", ""),
         "candidats": candidates, "suggestions": suggestions, "liens": links or []},
        status_code=status, headers=headers,
    )
