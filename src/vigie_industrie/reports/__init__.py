"""The fiche to hand over: HTML, PDF and Markdown renderings of the typed fiche.

``render(fiche, fmt)`` is what the CLI (``vigie fiche``) and the web app
(``/territoire/{code}.pdf``) call. Pass the warehouse connection (``con=``) for the charts to
compare the territory with its peers, its région and France (series read from the indicator
marts by ``reports.comparaisons``); without it the charts show the fiche's own series only.
"""

from __future__ import annotations

FORMATS = ("html", "pdf", "md")


def render(fiche, fmt: str, *, con=None) -> bytes | str:
    """``fiche`` as ``html`` (str), ``pdf`` (bytes) or ``md`` (str)."""
    from vigie_industrie import errors
    from vigie_industrie.reports import comparaisons, contenu, rendu

    if fmt not in FORMATS:
        raise errors.ValidationFailed(f"Format « {fmt} » inconnu : choisissez parmi {', '.join(FORMATS)}.")
    comp = comparaisons.load(con, fiche) if con is not None else comparaisons.from_fiche(fiche)
    vue = contenu.vue(fiche, comp)
    if fmt == "md":
        return rendu.markdown(vue)
    if fmt == "html":
        return rendu.html(vue)
    from vigie_industrie.reports import pdf

    return pdf.pdf(rendu.html(vue, for_pdf=True))


def resume(fiche) -> list[str]:
    """The plain-French paragraph of ``fiche`` (one string per sentence)."""
    from vigie_industrie.reports import texte

    return texte.resume(fiche)
