"""The one Jinja2 environment of the web app, with the French filters every template uses.

Numbers go through ``observatoire.texte`` (the CLI's renderer): a figure reads the same in the
terminal, the page and the PDF (thin space between thousands, decimal comma, ``≈`` before an
estimate, ``n.d.`` when missing, never 0).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

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


MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre")


def date_fr(iso: str | None) -> str:
    """``2024-07-08`` → ``8 juillet 2024`` (``1er`` for the first day)."""
    if not iso:
        return ""
    y, mth, d = (int(x) for x in str(iso)[:10].split("-"))
    return f"{'1er' if d == 1 else d} {MOIS[mth - 1]} {y}"


def static(path: str) -> str:
    """Root-relative address of a static file (``/static/vendor/dsfr/dsfr.min.css``): no host in the
    page, so it works behind any proxy and never names another origin."""
    return f"/static/{path.lstrip('/')}"


PREFIXES = {"region": "reg-", "departement": "dep-"}


def lien(type_: str, code: str, phase: int | None = None) -> str:
    """The page of a territory: an unambiguous code (``reg-32``, not « 32 » which is also the Gers),
    the phase of a Territoire d'industrie (its ids differ between phases)."""
    prefix = PREFIXES.get(type_, "")
    if prefix and not code.startswith(prefix):
        code = prefix + code
    return f"/territoire/{quote(code, safe='')}" + (f"?phase={phase}" if phase else "")


def libelle_type(type_: str | None) -> str:
    """The French label of a territory kind (``territoire_industrie`` → « Territoire d'industrie »)."""
    from vigie_industrie.territories import kinds

    if type_ == "perimetre":
        return "Périmètre personnalisé"
    try:
        return kinds.kind(type_).LABEL
    except Exception:  # an unknown kind is shown as is, never a failed page
        return (type_ or "").replace("_", " ")


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(("html", "xml")),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(valeur=valeur, nombre=nombre, pourcent=pourcent, date_fr=date_fr, libelle_type=libelle_type)
    env.globals.update(version=__version__, static=static, lien=lien)
    return env


env = _environment()
templates = Jinja2Templates(env=env)


def render(request, name: str, context: dict | None = None, status_code: int = 200, headers: dict | None = None):
    """A page of the app: ``TemplateResponse`` with the request (``url_for`` in templates)."""
    return templates.TemplateResponse(request, name, context or {}, status_code=status_code, headers=headers)
