"""The PDF of the fiche: its HTML printed by WeasyPrint, with no access outside this machine.

Why a fetcher of our own: the HTML holds names read from official files; WeasyPrint would
otherwise follow any ``http(s)://`` or ``file://`` address it meets. Only ``data:`` URLs and
files under the local font folders (``reports.polices.roots``) are read; anything else is
refused, and the rendering goes on without it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from vigie_industrie.reports import polices

LOG = logging.getLogger(__name__)


class RefusedURL(ValueError):
    pass


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Reads ``data:`` URLs and allowed local files; refuses every other address."""

        def __init__(self, roots: list[Path]):
            super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
            self.roots = [Path(r).resolve() for r in roots]

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme == "file":
                path = Path(unquote(parts.path)).resolve()
                if not any(path.is_relative_to(root) for root in self.roots):
                    raise RefusedURL(f"fichier hors des dossiers autorisés refusé : {url}")
            elif parts.scheme != "data":
                raise RefusedURL(f"adresse non locale refusée : {url[:80]}")
            return super().fetch(url, headers)

    return LocalFetcher


def fetcher(roots: list[Path] | None = None):
    return _fetcher_class()(polices.roots() if roots is None else roots)


def pdf(html: str) -> bytes:
    """The HTML string printed to PDF bytes (A4, page numbers from the print CSS)."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return weasyprint.HTML(string=html, base_url=None, url_fetcher=fetcher()).write_pdf()
