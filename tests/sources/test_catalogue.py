"""The catalogue covers the mirror exactly, and every mirror file matches its declaration."""

from __future__ import annotations

import pytest

from vigie_industrie import errors
from vigie_industrie.sources import catalogue, validate

OTHER_HELPER = {"insee-circonscriptions-legislatives"}
MIRROR_FILES = [
    (source.id, sfile.key)
    for source in catalogue.load_catalogue().values()
    for sfile in source.files
    if sfile.in_mirror
]


def test_every_mirror_file_is_declared(mirror):
    cat = catalogue.load_catalogue()
    for folder in sorted(p for p in mirror.iterdir() if p.is_dir()):
        if folder.name in OTHER_HELPER:
            continue
        assert folder.name in cat, f"mirror folder {folder.name} has no catalogue entry"
        declared = {f.filename for f in cat[folder.name].files}
        on_disk = {
            str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != "SOURCE.md"
        }
        assert on_disk == declared, folder.name


def test_every_declared_mirror_file_exists(mirror):
    for source in catalogue.load_catalogue().values():
        if source.id in OTHER_HELPER:
            continue
        for sfile in source.files:
            if sfile.in_mirror:
                assert sfile.path(mirror, source.id).is_file(), f"{source.id}/{sfile.filename}"


@pytest.mark.parametrize("source_id,key", MIRROR_FILES)
def test_mirror_file_matches_catalogue(mirror, source_id, key):
    source = catalogue.get_source(source_id)
    sfile = source.file(key)
    check = validate.check_file(source, sfile, sfile.path(mirror, source.id))
    assert check.sha256 == sfile.sha256
    assert check.rows >= sfile.min_rows
    if sfile.format.startswith("csv") and source_id not in OTHER_HELPER:
        assert list(check.columns) == list(sfile.columns), "declared columns are the full header, in order"


def test_entries_are_complete():
    cat = catalogue.load_catalogue()
    assert len(cat) >= 13
    for source in cat.values():
        if source.id in OTHER_HELPER:
            continue
        for attr in ("title", "publisher", "licence", "licence_url", "attribution", "homepage", "vintage", "origin"):
            assert getattr(source, attr).strip(), f"{source.id}.{attr}"
        assert source.files, source.id
        keys = [f.key for f in source.files]
        assert len(keys) == len(set(keys)), f"duplicate keys in {source.id}"
        for sfile in source.files:
            assert sfile.url.startswith("https://"), f"{source.id}/{sfile.key}"
            assert sfile.format in ("csv", "csv.gz", "xlsx", "json", "json.gz", "geojson")
            if sfile.in_mirror:
                assert sfile.sha256 and len(sfile.sha256) == 64
                assert sfile.min_rows and sfile.min_rows > 0
            if sfile.convert == "xlsx-sheet":
                assert sfile.convert_sheet and sfile.derived_from
            if sfile.format == "xlsx":
                assert sfile.sheet


def test_national_urssaf_is_live_optional_and_not_in_mirror():
    source = catalogue.get_source("urssaf-commune-ape")
    sfile = source.file("commune_ape")
    assert sfile.optional and not sfile.in_mirror and sfile.sha256 is None
    assert "etablissements-et-effectifs-salaries-au-niveau-commune-x-ape-last/exports/csv" in sfile.url
    assert sfile.delimiter == ";"


def test_unknown_source_and_file_say_what_to_do():
    with pytest.raises(errors.SourceError, match="vigie data list"):
        catalogue.get_source("nope")
    with pytest.raises(errors.SourceError, match="fichiers connus"):
        catalogue.get_source("insee-zones-emploi-chomage").file("nope")
