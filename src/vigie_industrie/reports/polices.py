"""Fonts of the printed fiche, all local: Marianne (the State's typeface) when the DSFR package
is installed, else DejaVu / Liberation from Debian's font packages (fontconfig finds them).

Nothing is fetched from outside: the files are read from the DSFR copy the web app serves
(``web/static/vendor/dsfr``) or from ``node_modules/@gouvfr/dsfr`` (``scripts/assets.sh``).
"""

from __future__ import annotations

import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1]
CANDIDATES = (
    PACKAGE / "web" / "static" / "vendor" / "dsfr" / "fonts",
    PACKAGE.parents[1] / "node_modules" / "@gouvfr" / "dsfr" / "dist" / "fonts",
)
FALLBACK = '"DejaVu Sans", "Liberation Sans", sans-serif'
WEIGHTS = {"Regular": ("normal", 400), "Bold": ("normal", 700), "Regular_Italic": ("italic", 400)}


@functools.lru_cache(maxsize=1)
def marianne() -> dict[str, Path]:
    """The Marianne font files found locally (style name → file), empty when none is installed."""
    for folder in CANDIDATES:
        found = {w: folder / f"Marianne-{w}.woff2" for w in WEIGHTS if (folder / f"Marianne-{w}.woff2").is_file()}
        if "Regular" in found:
            return found
    return {}


def roots() -> list[Path]:
    """Folders the PDF renderer may read files from."""
    return [p.parent.resolve() for p in marianne().values()][:1]


def family(for_pdf: bool) -> str:
    # The standalone HTML names Marianne first too: a reader who has it installed gets it.
    return f'"Marianne", {FALLBACK}'


def font_faces() -> str:
    return "".join(
        f'@font-face {{ font-family: "Marianne"; src: url("{path.resolve().as_uri()}") format("woff2"); '
        f"font-style: {WEIGHTS[w][0]}; font-weight: {WEIGHTS[w][1]}; }}\n"
        for w, path in marianne().items()
    )
