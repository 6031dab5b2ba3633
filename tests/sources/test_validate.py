"""check_file: each failure mode gives one actionable French line."""

from __future__ import annotations

import gzip
import json
import shutil

import pytest

from vigie_industrie import errors
from vigie_industrie.sources import catalogue, validate

from ._helpers import rewrite_gzip_text, rouen_path

ROUEN = catalogue.get_source("urssaf-commune-ape-ze-rouen")
ROUEN_FILE = ROUEN.file("commune_ape")


def _one_line(exc: Exception) -> str:
    text = str(exc)
    assert "\n" not in text
    return text


def test_mirror_copy_passes(mirror):
    check = validate.check_file(ROUEN, ROUEN_FILE, rouen_path(mirror))
    assert check.rows == 9338
    assert check.columns[0] == "Région"  # BOM stripped
    assert "Effectifs salariés 2022" in check.columns


def test_missing_file(tmp_path):
    with pytest.raises(errors.SourceFileMissing) as info:
        validate.check_file(ROUEN, ROUEN_FILE, tmp_path / "absent.csv.gz")
    text = _one_line(info.value)
    assert "urssaf-commune-ape-ze-rouen" in text and "vigie data pull --source urssaf-commune-ape-ze-rouen" in text


def test_empty_file(tmp_path):
    path = tmp_path / "empty.csv.gz"
    path.write_bytes(b"")
    with pytest.raises(errors.SourceFileInvalid, match="vide"):
        validate.check_file(ROUEN, ROUEN_FILE, path)


def test_truncated_gzip_is_detected(tmp_path, mirror):
    path = tmp_path / "cut.csv.gz"
    data = rouen_path(mirror).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(errors.SourceFileInvalid) as info:
        validate.check_file(ROUEN, ROUEN_FILE, path, verify_checksum=False)
    text = _one_line(info.value)
    assert "gzip tronquée" in text and ROUEN_FILE.filename in text and "--force" in text


def test_missing_column(tmp_path, mirror):
    path = tmp_path / "copy.csv.gz"
    shutil.copy(rouen_path(mirror), path)
    rewrite_gzip_text(path, lambda t: t.replace("Effectifs salariés 2022", "Effectifs 2022", 1))
    with pytest.raises(errors.SourceFileInvalid) as info:
        validate.check_file(ROUEN, ROUEN_FILE, path, verify_checksum=False)
    text = _one_line(info.value)
    assert "colonne « Effectifs salariés 2022 » absente" in text
    assert "colonnes trouvées" in text and "modifié" in text


def test_checksum_mismatch_is_an_error_for_a_mirror_copy_and_a_warning_for_a_download(tmp_path, mirror):
    path = tmp_path / "copy.csv.gz"
    shutil.copy(rouen_path(mirror), path)
    rewrite_gzip_text(path, lambda t: t)  # same content, new gzip bytes
    with pytest.raises(errors.SourceFileInvalid, match="sha256"):
        validate.check_file(ROUEN, ROUEN_FILE, path)
    check = validate.check_file(ROUEN, ROUEN_FILE, path, checksum_mismatch="warn")
    assert check.warnings and "sha256" in check.warnings[0]


def test_too_few_rows(tmp_path, mirror):
    path = tmp_path / "short.csv.gz"
    shutil.copy(rouen_path(mirror), path)
    rewrite_gzip_text(path, lambda t: "".join(t.splitlines(keepends=True)[:100]))
    with pytest.raises(errors.SourceFileInvalid, match="99 lignes de données, 9338 attendues"):
        validate.check_file(ROUEN, ROUEN_FILE, path, verify_checksum=False)


def test_wrong_encoding(tmp_path, mirror):
    source = catalogue.get_source("insee-tranches-effectifs")
    sfile = source.file("tranches")
    path = tmp_path / sfile.filename
    path.write_bytes(sfile.path(mirror, source.id).read_text(encoding="utf-8").encode("latin-1"))
    with pytest.raises(errors.SourceFileInvalid, match="illisibles en utf-8"):
        validate.check_file(source, sfile, path, verify_checksum=False)


def test_wrong_delimiter(tmp_path, mirror):
    source = catalogue.get_source("insee-tranches-effectifs")
    sfile = source.file("tranches")
    path = tmp_path / sfile.filename
    path.write_text(sfile.path(mirror, source.id).read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    with pytest.raises(errors.SourceFileInvalid, match="séparateur"):
        validate.check_file(source, sfile, path, verify_checksum=False)


def test_quoted_newlines_are_counted_as_one_record(mirror):
    source = catalogue.get_source("insee-naf2008-niveaux")
    sfile = source.file("a10")
    check = validate.check_file(source, sfile, sfile.path(mirror, source.id))
    assert any("\n" in c for c in check.columns)
    assert check.rows == sfile.min_rows


def test_truncated_json_gz(tmp_path, mirror):
    source = catalogue.get_source("etalab-decoupage-administratif")
    sfile = source.file("epci_2026_json")
    data = gzip.decompress(sfile.path(mirror, source.id).read_bytes())
    path = tmp_path / sfile.filename
    path.write_bytes(gzip.compress(data[: len(data) // 2]))
    with pytest.raises(errors.SourceFileInvalid, match="JSON illisible"):
        validate.check_file(source, sfile, path, verify_checksum=False)


def test_geojson_missing_property(tmp_path, mirror):
    source = catalogue.get_source("anct-contours-admin")
    sfile = source.file("cercles_drom")
    data = json.loads(sfile.path(mirror, source.id).read_text())
    for feature in data["features"]:
        feature["properties"] = {"autre": 1}
    path = tmp_path / sfile.filename
    path.write_text(json.dumps(data))
    with pytest.raises(errors.SourceFileInvalid, match="propriété « Id » absente"):
        validate.check_file(source, sfile, path, verify_checksum=False)


def test_xlsx_wrong_sheet(tmp_path, mirror):
    import dataclasses

    source = catalogue.get_source("insee-zones-emploi-chomage")
    sfile = dataclasses.replace(source.file("chomage_xlsx"), sheet="inexistante")
    with pytest.raises(errors.SourceFileInvalid, match="feuille « inexistante » absente"):
        validate.check_file(source, sfile, sfile.path(mirror, source.id))


def test_xlsx_not_a_workbook(tmp_path):
    source = catalogue.get_source("insee-zones-emploi-chomage")
    sfile = source.file("chomage_xlsx")
    path = tmp_path / sfile.filename
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(errors.SourceFileInvalid, match="xlsx illisible"):
        validate.check_file(source, sfile, path, verify_checksum=False)
