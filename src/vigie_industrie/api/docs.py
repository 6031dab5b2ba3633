"""Interactive API docs (Swagger UI) served from the package, so they work offline.

FastAPI's default page loads Swagger UI from a CDN: on an isolated network (a prefecture's
intranet) it stays blank. The assets come from ``fastapi-offline``, a maintained package
that ships Swagger UI's bundle and stylesheet; this module only mounts them and renders the
page with FastAPI's own template pointing at them.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles


def assets_dir() -> Path:
    """Swagger UI's files as installed with ``fastapi-offline``."""
    import fastapi_offline

    return Path(fastapi_offline.__file__).parent / "static"


def install(app: FastAPI, prefix: str) -> None:
    """``{prefix}/docs`` and its assets under ``{prefix}/docs-assets``; no external host referenced."""
    docs_url, assets_url = f"{prefix}/docs", f"{prefix}/docs-assets"
    oauth2_redirect = f"{docs_url}/oauth2-redirect"
    app.mount(assets_url, StaticFiles(directory=assets_dir()), name="docs-assets")

    @app.get(docs_url, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} — documentation de l'API",
            oauth2_redirect_url=f"{root}{oauth2_redirect}",
            swagger_js_url=f"{root}{assets_url}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{assets_url}/swagger-ui.css",
            swagger_favicon_url=f"{root}{assets_url}/favicon.png",
            # validatorUrl: Swagger UI would otherwise fetch a badge from validator.swagger.io
            swagger_ui_parameters={"validatorUrl": None, **(app.swagger_ui_parameters or {})},
        )

    @app.get(oauth2_redirect, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
