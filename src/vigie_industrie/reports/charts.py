"""Static SVG charts drawn by matplotlib (its SVG backend), for print and for the HTML file.

Why matplotlib: a well-kept library whose SVG needs no JavaScript, prints sharply from
WeasyPrint and opens in any browser. The object API (``Figure``, no ``pyplot``) keeps
pyplot's figure registry out of it; the style (``RC``) is applied under a lock, so renders on
several threads (the web app) do not step on each other.
Text stays text in the SVG (``svg.fonttype: none``) and numbers on the axes are written the
French way. Each chart here only draws the numbers it is given: ``reports.contenu`` chooses
them from the fiche and puts the same numbers in the chart's table.
"""

from __future__ import annotations

import io
import re
import threading
from dataclasses import dataclass

from vigie_industrie.territories import formatting

WIDTH_IN = 6.7  # the A4 text width (210 mm less 2 × 18 mm margins)
COLORS = {"territoire": "#000091", "pair": "#9a9a9a", "region": "#c9191e", "france": "#1f8d49"}
STYLES = {"territoire": "-", "pair": "-", "region": "--", "france": "--"}
WIDTHS = {"territoire": 2.4, "pair": 1.0, "region": 1.6, "france": 1.8}
PAIRS = "Territoires comparables"
INDUSTRY = "#000091"
OTHER = "#b7b7d9"
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "vigie-industrie",  # stable ids: the same fiche gives the same file
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 9,
}


# ``rc_context`` sets matplotlib's process-wide rcParams: one chart drawn at a time, so a thread
# leaving its context never resets the style under another one still drawing.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class Ligne:
    """One line of a line chart: ``x`` values (years) and ``y`` values (None = no point)."""

    libelle: str
    role: str
    x: list[float]
    y: list[float | None]


def _svg(fig, prefix: str) -> str:
    """The figure as an SVG element to put inline (no XML prolog, no doctype, no metadata).

    Its ids (and the references to them) get ``prefix``: several charts in one page never
    share an id (matplotlib numbers them ``figure_1``, ``axes_1``… in each file)."""
    buf = io.StringIO()
    # fixed margins (set by each chart), no "tight" bounding box: one drawing pass, not two
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    text = buf.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', text)
    return re.sub(r"(href=\"#|url\(#)", rf"\g<1>{prefix}-", text)


def _fr(digits: int):
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: formatting.nombre(float(v), digits) if digits else formatting.nombre(int(round(v))))


def lignes(prefix: str, series: list[Ligne], *, ylabel: str, digits: int = 0, height_in: float = 2.1, reference: float | None = None) -> str:
    """A line chart over years; ``reference`` draws a horizontal line (e.g. the index base 100)."""
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    with _LOCK, matplotlib.rc_context(RC):
        fig = Figure(figsize=(WIDTH_IN, height_in))
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.09, right=0.70, top=0.96, bottom=0.12)
        labelled: set[str] = set()
        # peers first, so the territory is drawn on top; peers share one legend entry
        for s in sorted(series, key=lambda s: s.role == "territoire"):
            pts = [(x, y) for x, y in zip(s.x, s.y) if y is not None]
            if not pts:
                continue
            xs, ys = zip(*pts)
            label = PAIRS if s.role == "pair" else s.libelle
            ax.plot(xs, ys, STYLES.get(s.role, "-"), color=COLORS.get(s.role, "#555"), linewidth=WIDTHS.get(s.role, 1),
                    marker="o" if len(pts) <= 6 else None, markersize=2.5,
                    label=None if label in labelled else _court(label, 34))
            labelled.add(label)
        if reference is not None:
            ax.axhline(reference, color="#666", linewidth=0.6, linestyle=":")
        ax.set_ylabel(ylabel)
        ax.yaxis.set_major_formatter(_fr(digits))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter("{x:.0f}")
        ax.grid(axis="y", color="#e5e5e5", linewidth=0.6)
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False, fontsize=7)
        return _svg(fig, prefix)


def barres(prefix: str, libelles: list[str], valeurs: list[float | None], industrie: list[bool], *, xlabel: str) -> str:
    """Horizontal bars, largest on top; industrial sectors in the dark colour."""
    import matplotlib
    from matplotlib.figure import Figure

    with _LOCK, matplotlib.rc_context(RC):
        height = 0.2 * len(libelles) + 0.5
        fig = Figure(figsize=(WIDTH_IN, height))
        fig.subplots_adjust(left=0.42, right=0.97, top=1 - 0.08 / height, bottom=0.38 / height)
        ax = fig.add_subplot()
        ys = list(range(len(libelles)))[::-1]
        ax.barh(ys, [v or 0 for v in valeurs], color=[INDUSTRY if i else OTHER for i in industrie], height=0.7)
        for y, v in zip(ys, valeurs):
            if v is None:
                ax.text(0, y, " n.d.", va="center", fontsize=7)
        ax.set_yticks(ys, [_court(x, 56) for x in libelles], fontsize=6.5)
        ax.set_ylim(-0.6, len(libelles) - 0.4)
        ax.xaxis.set_major_formatter(_fr(0))
        ax.set_xlabel(xlabel)
        ax.grid(axis="x", color="#e5e5e5", linewidth=0.6)
        return _svg(fig, prefix)


def _court(libelle: str, n: int = 48) -> str:
    return libelle if len(libelle) <= n else libelle[: n - 1].rstrip() + "…"
