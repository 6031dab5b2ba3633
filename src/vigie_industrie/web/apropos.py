"""``/a-propos`` (sources and licences) and ``/api`` (what the API offers), both generated.

Why generated: the catalogue (``sources/catalogue/*.toml``) is the one place that says who
publishes a file, which vintage and under which licence; the page reads it, and says what each
source feeds from the SQL models' own lineage (``warehouse.runner.raw_lineage``: the marts
reading its raw tables) and the indicator registry (the indicators citing it). The ``/api`` page
lists the endpoints from the app's OpenAPI document, so it never drifts from the routes.
"""

from __future__ import annotations

import re
from functools import lru_cache

from fastapi import APIRouter, Request

from vigie_industrie.sources import catalogue
from vigie_industrie.web import templating

router = APIRouter(include_in_schema=False)
METHODS = ("get", "post", "put", "patch", "delete")


@lru_cache
def alimente() -> dict[str, dict[str, list[str]]]:
    """Per source id: the warehouse tables (marts) and the indicators it feeds."""
    from vigie_industrie.indicators import registry
    from vigie_industrie.warehouse import runner

    models = runner.discover()
    lineage = runner.raw_lineage(models)
    out: dict[str, dict[str, list[str]]] = {}
    for source in catalogue.load_catalogue().values():
        raw = {catalogue.raw_table_name(source.id, f.table) for f in source.files if f.table}
        marts = sorted(key.split(":", 1)[1] for key, tables in lineage.items()
                       if key.startswith("marts:") and raw & tables)
        cited = re.compile(rf"(?<![\w-]){re.escape(source.id)}(?![\w-])")
        indicateurs = [i.libelle for i in registry.REGISTRY.values() if cited.search(i.source or "")]
        out[source.id] = {"tables": marts, "indicateurs": indicateurs}
    return out


def sources() -> list[dict]:
    """Every catalogue source as the page shows it (files with their own rights when they differ)."""
    feeds = alimente()
    rows = []
    for s in catalogue.load_catalogue().values():
        fichiers = [{"nom": f.filename, "description": f.description, "url": f.url, **s.rights_for(f.key),
                     "dans_miroir": f.in_mirror} for f in s.files]
        licences = list(dict.fromkeys(f["licence"] for f in fichiers)) or [s.licence]
        rows.append({"id": s.id, "titre": s.title, "editeur": s.publisher, "millesime": s.vintage,
                     "licence": s.licence, "licence_url": s.licence_url, "licences": licences,
                     "attribution": s.attribution, "adresse": s.homepage, "origine": s.origin,
                     "precautions": list(s.caveats), "fichiers": fichiers, **feeds[s.id]})
    return rows


def endpoints(app) -> list[dict]:
    """The API's operations grouped by tag, from the OpenAPI document the docs page shows."""
    spec = app.openapi()
    groups: dict[str, list[dict]] = {}
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            tag = (op.get("tags") or ["autres"])[0]
            groups.setdefault(tag, []).append({"methode": method.upper(), "chemin": path,
                                               "resume": op.get("summary") or "",
                                               "description": (op.get("description") or "").split("\n\n")[0]})
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


@router.get("/a-propos")
def a_propos(request: Request):
    return templating.render(request, "apropos.html", {"rubrique": "a-propos", "sources": sources()})


@router.get("/api")
def api_page(request: Request):
    app = request.app
    return templating.render(request, "api.html", {"rubrique": "api", "groupes": endpoints(app),
                                                   "api_version": app.version, "openapi_url": app.openapi_url})
