"""HTML and Markdown renderings of the fiche view, from the Jinja2 templates of ``templates/``.

The HTML is one standalone file (styles inline, charts as inline SVG): it opens offline, prints
on A4 from a browser, and is what WeasyPrint turns into the PDF.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import re
from pathlib import Path

import jinja2

from vigie_industrie.reports import contenu, polices

TEMPLATES = Path(__file__).parent / "templates"


@functools.lru_cache(maxsize=2)
def _env(markdown: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=markdown,
        lstrip_blocks=markdown,
        keep_trailing_newline=True,
    )
    env.globals["refs"] = contenu.refs
    env.filters["md"] = md_escape
    env.filters["data_uri"] = data_uri
    env.filters["insecable"] = lambda text: str(text).replace(" %", "\u00a0%")  # « 7,5 % » never split
    env.globals["md_table"] = md_table
    return env


def md_table(t: contenu.Table) -> str:
    """A table as GitHub-flavoured Markdown: bold title, header, alignment row, rows, notes."""
    title = f"**{md_escape(t.titre)}**" + (f" {contenu.refs(t.sources)}" if t.sources else "")
    numeric = t.numeriques or [False] * len(t.entetes)
    lines = [title, "", "| " + " | ".join(md_escape(h) for h in t.entetes) + " |",
             "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    lines += ["| " + " | ".join(md_escape(c) for c in row) + " |" for row in t.lignes]
    if t.notes:
        lines.append("")
        lines += [f"> {md_escape(n)}  " for n in t.notes]
    return "\n".join(lines) + "\n"


def md_escape(text) -> str:
    """Text safe in a Markdown table cell or paragraph (pipes, asterisks, brackets, underscores)."""
    return re.sub(r"([\\|*_\[\]<>`])", r"\\\1", str(text)).replace("\n", " ")


def data_uri(svg: str) -> str:
    """An SVG as a ``data:`` URL. The PDF takes the charts as images: WeasyPrint then reads each
    SVG on its own instead of running the CSS cascade over every one of its nodes (a third of
    the PDF time, measured with benchmarks/bench_fiche_pdf.py)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _date() -> str:
    return dt.date.today().strftime("%d/%m/%Y")


def html(vue: contenu.Vue, *, for_pdf: bool = False) -> str:
    css = _env(True).get_template("fiche.css").render(font_family=polices.family(for_pdf))  # CSS: not HTML-escaped
    if for_pdf:
        css = polices.font_faces() + css + _env(True).get_template("fiche-pdf.css").render()
    return _env(False).get_template("fiche.html").render(v=vue, f=vue.fiche, css=css, date=_date(), pdf=for_pdf)


def markdown(vue: contenu.Vue) -> str:
    text = _env(True).get_template("fiche.md").render(v=vue, f=vue.fiche, date=_date())
    return re.sub(r"\n{3,}", "\n\n", text)
