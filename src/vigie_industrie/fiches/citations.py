"""Sources cited once per fiche, as a numbered list.

Blocks ask :meth:`Citations.cite` for the numbers of the sources they use; the fiche ends with
:meth:`Citations.sources`: the catalogue's short attribution of each source (what a reader
prints beside a figure) and, per loaded file, the full publisher / vintage / licence (what
``vigie territoire --sources`` prints). A source used by five blocks is written once.
"""

from __future__ import annotations

import duckdb

from vigie_industrie import errors
from vigie_industrie.fiches.model import Source, SourceFichier
from vigie_industrie.sources import catalogue


class Citations:
    def __init__(self) -> None:
        self._ids: list[str] = []

    def cite(self, *source_ids: str | None) -> list[int]:
        """The numbers of ``source_ids`` (numbered in order of first citation)."""
        numbers = []
        for source_id in source_ids:
            if not source_id:
                continue
            if source_id not in self._ids:
                self._ids.append(source_id)
            number = self._ids.index(source_id) + 1
            if number not in numbers:
                numbers.append(number)
        return numbers

    def sources(self, con: duckdb.DuckDBPyConnection) -> list[Source]:
        rows = con.execute(
            """
            select distinct source_id, titre, editeur, millesime, licence, licence_url
            from source_provenance where list_contains(?, source_id)
            order by source_id, titre, editeur
            """,
            [self._ids],
        ).fetchall()
        files: dict[str, list[SourceFichier]] = {}
        for source_id, titre, editeur, millesime, licence, url in rows:
            files.setdefault(source_id, []).append(
                SourceFichier(titre=titre, editeur=editeur, millesime=millesime, licence=licence, licence_url=url)
            )
        return [
            Source(numero=i, id=source_id, attribution=_attribution(source_id), fichiers=files.get(source_id, []))
            for i, source_id in enumerate(self._ids, start=1)
        ]


def _attribution(source_id: str) -> str:
    try:
        return catalogue.get_source(source_id).attribution
    except errors.SourceError:
        return source_id
