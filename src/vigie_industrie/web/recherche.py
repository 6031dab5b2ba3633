"""``/recherche?q=``: the search box's page, which works without JavaScript.

The resolver decides (``observatoire.cible.resolve``, as for every reader): a query naming one
territory or perimeter redirects to its page; an ambiguous one, or one that is only the start of
names, lists the candidates and the suggestions (``observatoire.suggestions``, the same answer as
``GET /api/v1/suggestions``); an empty query shows the form.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse

from vigie_industrie import errors
from vigie_industrie.web.session import PageActor
from vigie_industrie.api.deps import StoreDep, WarehouseDep
from vigie_industrie.api.routes import _observatoire as obs
from vigie_industrie.observatoire import cible, suggestions
from vigie_industrie.territories.model import Territoire
from vigie_industrie.web import templating

router = APIRouter(include_in_schema=False)
LIMIT = 30


@router.get("/recherche")
def recherche(request: Request, warehouse: WarehouseDep, store: StoreDep, actor: PageActor,
              q: Annotated[str | None, Query(max_length=suggestions.MAX_QUERY)] = None):
    context = {"q": (q or "").strip(), "resultats": [], "message": None}
    if not context["q"]:
        return templating.render(request, "recherche.html", context)
    con = warehouse.con
    text = suggestions.check_query(q)
    candidats: list[dict] = []
    try:
        found = cible.resolve(con, text, lookup=obs.lookup(store, actor))
        return RedirectResponse(suggestions.url(found.territoire), status_code=303)
    except errors.AmbiguousTerritory as exc:
        context["message"] = str(exc)
        candidats = [suggestions.item(Territoire(c["type"], c["code"], c["nom"], c.get("phase")))
                     for c in exc.candidates or []]
    except (errors.UnknownTerritory, errors.NotFound) as exc:
        context["message"] = str(exc)
    answer = suggestions.suggestions(con, text, store=store, actor=actor, limit=LIMIT)
    keys = set()
    for s in candidats + answer["suggestions"]:
        if (s["type"], s["code"], s["phase"]) not in keys:
            keys.add((s["type"], s["code"], s["phase"]))
            context["resultats"].append(s)
    return templating.render(request, "recherche.html", context)
