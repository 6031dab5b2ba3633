"""The source catalogue: one TOML file per source in ``sources/catalogue/``.

Adding a source means adding one TOML file (and, when the file needs more than a
generic CSV read, one reader module registered in ``sources.readers.READERS``).
Files are laid out as ``<base>/<source id>/<filename>`` both in the mirror and in
the local data directory, so a build reads either one the same way.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from vigie_industrie import errors


@dataclass(frozen=True)
class SourceFile:
    key: str
    filename: str
    url: str
    format: str  # csv | csv.gz | xlsx | json | json.gz | geojson
    sha256: str | None = None
    columns: tuple[str, ...] = ()
    delimiter: str = ","
    encoding: str = "utf-8"
    skip_lines: int = 0
    min_rows: int | None = None
    description: str = ""
    derived_from: str | None = None  # when the mirror file is a conversion of an official file
    optional: bool = False
    # Loading into the warehouse: ``table`` names the raw table ``raw.<source slug>__<table>``
    # (generic CSV read, all columns VARCHAR, original headers); ``reader`` ("module:function")
    # replaces the generic read for formats that need more (JSON, wide files, geojson).
    table: str | None = None
    reader: str | None = None
    # Added for validation and download (all optional, defaults keep older entries valid):
    sheet: str | None = None  # xlsx: the sheet checked (header after ``skip_lines`` rows)
    archive_member: str | None = None  # ``url`` is a zip: the member that is (or yields) the file
    convert: str | None = None  # how a download becomes the mirror file: xlsx-sheet | gzip | None
    convert_sheet: str | None = None  # convert = "xlsx-sheet": sheet of the official workbook
    convert_skip_rows: int = 0  # convert = "xlsx-sheet": title rows above the header row
    in_mirror: bool = True  # False: live file fetched online only (e.g. national URSSAF export)
    # Per-file rights, when one source mixes licences (e.g. INSEE tables under Licence
    # Ouverte and ODbL contours): they override the source-level fields; see
    # ``Source.rights_for``.
    publisher: str | None = None
    licence: str | None = None
    licence_url: str | None = None
    attribution: str | None = None
    # Cell formats checked on the raw table right after loading (warehouse/raw_checks.py):
    # (column, DuckDB type or "regex:<pattern>") pairs, from ``column_formats = { COL = "…" }``.
    column_formats: tuple[tuple[str, str], ...] = ()

    @property
    def compressed(self) -> bool:
        return self.format.endswith(".gz")

    @property
    def downloadable(self) -> bool:
        """True when ``url`` yields this exact file (directly, from a zip, or by a known conversion)."""
        return self.derived_from is None or self.convert is not None

    def path(self, base: Path, source_id: str) -> Path:
        return Path(base) / source_id / self.filename


def raw_table_name(source_id: str, table: str) -> str:
    """``raw.<source slug>__<table>``, the one naming rule of the raw layer.

    >>> raw_table_name("insee-zones-emploi-chomage", "chomage_ze")
    'raw.insee_zones_emploi_chomage__chomage_ze'
    """
    return f"raw.{source_id.replace('-', '_')}__{table}"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    publisher: str
    licence: str
    licence_url: str
    attribution: str
    homepage: str
    vintage: str
    origin: str
    files: tuple[SourceFile, ...] = field(default_factory=tuple)
    caveats: tuple[str, ...] = ()
    used_by: tuple[str, ...] = ()

    def file(self, key: str) -> SourceFile:
        for f in self.files:
            if f.key == key:
                return f
        known = ", ".join(f.key for f in self.files)
        raise errors.SourceError(
            f"Fichier « {key} » non déclaré pour la source {self.id} (fichiers connus : {known})."
        )

    def rights_for(self, key: str) -> dict[str, str]:
        """Publisher, licence, licence URL and attribution of one file (file fields win)."""
        f = self.file(key)
        return {
            "publisher": f.publisher or self.publisher,
            "licence": f.licence or self.licence,
            "licence_url": f.licence_url or self.licence_url,
            "attribution": f.attribution or self.attribution,
        }


def _parse(data: dict) -> Source:
    files = tuple(
        SourceFile(**{**f, "columns": tuple(f.get("columns", ())),
                      "column_formats": tuple(f.get("column_formats", {}).items())})
        for f in data.pop("files", [])
    )
    for key in ("caveats", "used_by"):
        if key in data:
            data[key] = tuple(data[key])
    return Source(**data, files=files)


@lru_cache
def load_catalogue() -> dict[str, Source]:
    """All declared sources, by id, in file-name order."""
    folder = resources.files("vigie_industrie.sources") / "catalogue"
    out: dict[str, Source] = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".toml"):
            source = _parse(tomllib.loads(entry.read_text(encoding="utf-8")))
            out[source.id] = source
    return out


def get_source(source_id: str) -> Source:
    catalogue = load_catalogue()
    try:
        return catalogue[source_id]
    except KeyError:
        raise errors.SourceError(
            f"Source inconnue : {source_id}. Listez les sources déclarées avec `vigie data list`."
        ) from None
