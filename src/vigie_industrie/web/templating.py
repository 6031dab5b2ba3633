"""The one Jinja2 environment of the web app, with the French filters every template uses.

Numbers go through ``observatoire.texte`` (the CLI's renderer): a figure reads the same in the
terminal, the page and the PDF (thin space between thousands, decimal comma, ``≈`` before an
estimate, ``n.d.`` when missing, never 0).
"""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape

from vigie_industrie import __version__
from vigie_industrie.observatoire import texte
from vigie_industrie.territories import formatting

TEMPLATE_DIR = Path(__file__).parent / "templates"


def valeur(value, unite: str | None = None, niveau: str | None = None) -> str:
    """A figure with its unit as printed: ``1 234 emplois`` stays ``1 234`` (unit in its own cell)."""
    return texte.valeur(value, unite, niveau)


def nombre(value, digits: int = 0) -> str:
    return formatting.nombre(value, digits)


def pourcent(value, digits: int = 1) -> str:
    """A share 0-1 as a French percentage (``0.123`` → ``12,3 %``)."""
    if value is None:
        return "n.d."
    return f"{formatting.nombre(value * 100, digits)} %"


def static(path: str) -> str:
    """Root-relative address of a static file (``/static/vendor/dsfr/dsfr.min.css``): no host in the
    page, so it works behind any proxy and never names another origin."""
    return f"/static/{path.lstrip('/')}"


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(("html", "xml")),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(valeur=valeur, nombre=nombre, pourcent=pourcent)
    env.globals.update(version=__version__, static=static)
    return env


env = _environment()
templates = Jinja2Templates(env=env)


def render(request, name: str, context: dict | None = None, status_code: int = 200, headers: dict | None = None):
    """A page of the app: ``TemplateResponse`` with the request (``url_for`` in templates)."""
    return templates.TemplateResponse(request, name, context or {}, status_code=status_code, headers=headers)
