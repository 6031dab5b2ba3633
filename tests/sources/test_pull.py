"""vigie data pull / list: mirror copy, idempotence, downloads (faked), one-line errors."""

from __future__ import annotations

import gzip
import io
import json
import zipfile

import pytest

from vigie_industrie import cli, errors
from vigie_industrie.sources import _http, catalogue, pull

from ._helpers import rewrite_gzip_text, rouen_path


def run_cli(args, capsys) -> tuple[int, str, str]:
    try:
        cli.main(args)
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


# --- happy path ------------------------------------------------------------------------


def test_pull_whole_mirror_then_again_is_idempotent(tmp_path, mirror, capsys):
    dest = tmp_path / "data"
    code, out, err = run_cli(["data", "pull", "--mirror", str(mirror), "--dest", str(dest), "--offline"], capsys)
    assert code == 0, err
    assert "copiés du miroir" in out
    assert "urssaf-commune-ape" in out and "Rouen" in out  # national file skipped, fallback named
    manifest = json.loads((dest / "manifest.json").read_text())
    in_mirror = [(s, f) for s in catalogue.load_catalogue().values() for f in s.files if f.in_mirror]
    assert len(manifest["files"]) == len(in_mirror)
    for source, sfile in in_mirror:
        entry = manifest["files"][f"{source.id}/{sfile.key}"]
        assert entry["sha256"] == sfile.sha256 and entry["origin"] == "mirror"
        assert {"source", "key", "sha256", "size", "rows", "origin", "pulled_at"} <= set(entry)
        assert sfile.path(dest, source.id).read_bytes() == sfile.path(mirror, source.id).read_bytes()

    mtimes = {p: p.stat().st_mtime_ns for p in dest.rglob("*") if p.is_file() and p.name != "manifest.json"}
    code, out, err = run_cli(["data", "pull", "--mirror", str(mirror), "--dest", str(dest), "--offline"], capsys)
    assert code == 0, err
    assert "déjà à jour" in out and "copiés" not in out
    assert mtimes == {p: p.stat().st_mtime_ns for p in mtimes}
    assert not list(dest.rglob("*.part"))


def test_pull_one_source_and_force(tmp_path, small_mirror):
    dest = tmp_path / "data"
    outcomes = pull.pull(dest=dest, mirror=small_mirror, source_ids=["insee-tranches-effectifs"], offline=True)
    assert [o.status for o in outcomes] == ["copied"]
    outcomes = pull.pull(dest=dest, mirror=small_mirror, source_ids=["insee-tranches-effectifs"], offline=True)
    assert [o.status for o in outcomes] == ["unchanged"]
    outcomes = pull.pull(dest=dest, mirror=small_mirror, source_ids=["insee-tranches-effectifs"], offline=True, force=True)
    assert [o.status for o in outcomes] == ["copied"]


def test_modified_local_copy_is_replaced(tmp_path, small_mirror):
    dest = tmp_path / "data"
    pull.pull(dest=dest, mirror=small_mirror, source_ids=["insee-tranches-effectifs"], offline=True)
    source = catalogue.get_source("insee-tranches-effectifs")
    target = source.file("tranches").path(dest, source.id)
    target.write_text("abimé", encoding="utf-8")
    outcomes = pull.pull(dest=dest, mirror=small_mirror, source_ids=[source.id], offline=True)
    assert outcomes[0].status == "copied"
    assert target.read_bytes() == source.file("tranches").path(small_mirror, source.id).read_bytes()


def test_list_shows_presence(tmp_path, small_mirror, capsys):
    dest = tmp_path / "data"
    pull.pull(dest=dest, mirror=small_mirror, source_ids=["insee-tranches-effectifs"], offline=True)
    code, out, err = run_cli(["data", "list", "--dest", str(dest), "--mirror", str(small_mirror), "--json"], capsys)
    assert code == 0, err
    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["insee-tranches-effectifs"]["present"] == 1
    assert rows["urssaf-commune-ape"]["present"] == 0
    assert rows["urssaf-commune-ape-ze-rouen"]["in_mirror"] == 1
    code, out, err = run_cli(["data", "list", "--dest", str(dest), "--mirror", str(small_mirror)], capsys)
    assert code == 0 and "insee-tranches-effectifs" in out


# --- failures: one line, non-zero exit, nothing partial ------------------------------------


def _assert_one_line_error(code, err, *needles):
    assert code != 0
    lines = [l for l in err.strip().splitlines() if l.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("Erreur : ")
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_cli_missing_column_in_mirror(tmp_path, small_mirror, capsys):
    rewrite_gzip_text(rouen_path(small_mirror), lambda t: t.replace("Code commune;", "Code_commune;", 1))
    code, _, err = run_cli(
        ["data", "pull", "--mirror", str(small_mirror), "--dest", str(tmp_path / "d"), "--offline",
         "--source", "urssaf-commune-ape-ze-rouen"],
        capsys,
    )
    # the rewritten file no longer matches the catalogue fingerprint: refused before any copy
    _assert_one_line_error(code, err, "urssaf-commune-ape-ze-rouen", "sha256", "vigie data pull")
    assert code == errors.SourceFileInvalid.exit_code
    assert not rouen_path(tmp_path / "d").exists()


def test_missing_column_message_when_checksum_not_enforced(tmp_path, small_mirror):
    from vigie_industrie.sources import validate

    path = rouen_path(small_mirror)
    rewrite_gzip_text(path, lambda t: t.replace("Code commune;", "Code_commune;", 1))
    source = catalogue.get_source("urssaf-commune-ape-ze-rouen")
    with pytest.raises(errors.SourceFileInvalid, match="colonne « Code commune » absente"):
        validate.check_file(source, source.file("commune_ape"), path, verify_checksum=False)


def test_cli_truncated_gzip_in_mirror(tmp_path, small_mirror, capsys):
    path = rouen_path(small_mirror)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    code, _, err = run_cli(
        ["data", "pull", "--mirror", str(small_mirror), "--dest", str(tmp_path / "d"), "--offline",
         "--source", "urssaf-commune-ape-ze-rouen"],
        capsys,
    )
    _assert_one_line_error(code, err, "urssaf-commune-ape-ze-rouen")
    assert not rouen_path(tmp_path / "d").exists()


def test_truncated_gzip_error_names_truncation(tmp_path, small_mirror):
    import dataclasses

    from vigie_industrie.sources import validate

    path = rouen_path(small_mirror)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    source = catalogue.get_source("urssaf-commune-ape-ze-rouen")
    sfile = dataclasses.replace(source.file("commune_ape"), sha256=None)
    with pytest.raises(errors.SourceFileInvalid, match="gzip tronquée"):
        validate.check_file(source, sfile, path)


def test_cli_file_missing_from_mirror_offline(tmp_path, small_mirror, capsys):
    rouen_path(small_mirror).unlink()
    code, _, err = run_cli(
        ["data", "pull", "--mirror", str(small_mirror), "--dest", str(tmp_path / "d"), "--offline",
         "--source", "urssaf-commune-ape-ze-rouen"],
        capsys,
    )
    _assert_one_line_error(code, err, "absent du miroir", "--offline", "--mirror")
    assert code == errors.SourceFileMissing.exit_code


def test_cli_unknown_source(tmp_path, small_mirror, capsys):
    code, _, err = run_cli(
        ["data", "pull", "--mirror", str(small_mirror), "--dest", str(tmp_path / "d"), "--source", "inconnue"], capsys
    )
    _assert_one_line_error(code, err, "Source inconnue : inconnue", "vigie data list")


def test_cli_missing_mirror_dir(tmp_path, capsys):
    code, _, err = run_cli(
        ["data", "pull", "--mirror", str(tmp_path / "nope"), "--dest", str(tmp_path / "d"), "--offline"], capsys
    )
    _assert_one_line_error(code, err, "Dossier miroir introuvable")


def test_national_urssaf_offline_is_skipped_not_failed(tmp_path, small_mirror):
    outcomes = pull.pull(dest=tmp_path / "d", mirror=small_mirror, source_ids=["urssaf-commune-ape"], offline=True)
    assert outcomes[0].status == "skipped"
    assert "téléchargé en ligne uniquement" in outcomes[0].messages[0]
    assert "Rouen" in outcomes[0].messages[0]


# --- downloads with a fake session (no network) -------------------------------------------


class FakeResponse:
    def __init__(self, status: int, body: bytes, fail_after: int | None = None):
        self.status_code = status
        self.body = body
        self.fail_after = fail_after

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def iter_content(self, chunk_size):
        import requests

        for i in range(0, len(self.body), 1000):
            if self.fail_after is not None and i >= self.fail_after:
                raise requests.ConnectionError("connection reset")
            yield self.body[i : i + 1000]


class FakeSession:
    def __init__(self, routes):
        self.routes = routes
        self.calls = []

    def get(self, url, stream=False, timeout=None):
        self.calls.append(url)
        return self.routes[url]


def test_download_then_gzip_conversion(tmp_path, mirror):
    source = catalogue.get_source("urssaf-commune-ape-ze-rouen")
    sfile = source.file("commune_ape")
    raw = gzip.decompress(sfile.path(mirror, source.id).read_bytes())
    http = FakeSession({sfile.url: FakeResponse(200, raw)})
    outcomes = pull.pull(dest=tmp_path / "d", mirror=None, source_ids=[source.id], http=http)
    assert outcomes[0].status == "downloaded" and outcomes[0].origin == "url"
    assert outcomes[0].check.rows == 9338
    # content identical, gzip bytes differ: a warning, not an error
    assert gzip.decompress(sfile.path(tmp_path / "d", source.id).read_bytes()) == raw
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text())
    assert manifest["files"][f"{source.id}/commune_ape"]["origin"] == "url"


def test_download_zip_member_and_xlsx_sheet_conversion(tmp_path, mirror):
    source = catalogue.get_source("insee-zones-emploi-chomage")
    sfile = source.file("ze_liste")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.write(mirror / source.id / sfile.archive_member, sfile.archive_member)
    http = FakeSession({sfile.url: FakeResponse(200, buf.getvalue())})
    outcome, _ = pull.pull_file(source, sfile, dest=tmp_path / "d", http=http)
    assert outcome.status == "downloaded"
    assert sfile.path(tmp_path / "d", source.id).read_bytes() == sfile.path(mirror, source.id).read_bytes()
    assert not outcome.check.warnings  # byte-identical to the mirror conversion


def test_failed_download_leaves_no_partial_file(tmp_path):
    source = catalogue.get_source("insee-tranches-effectifs")
    bodacc = catalogue.get_source("bodacc-liquidations-plansde")
    sfile = bodacc.file("liquidations")
    http = FakeSession({sfile.url: FakeResponse(200, b"RCS,DATE\n" * 5000, fail_after=3000)})
    with pytest.raises(errors.SourceDownloadFailed, match="téléchargement impossible"):
        pull.pull(dest=tmp_path / "d", source_ids=[bodacc.id], http=http)
    folder = tmp_path / "d" / bodacc.id
    assert not sfile.path(tmp_path / "d", bodacc.id).exists()
    assert not folder.exists() or not list(folder.iterdir()), "no partial or temporary file left"
    assert not source.file("tranches").path(tmp_path / "d", source.id).exists()


def test_http_error_status(tmp_path):
    bodacc = catalogue.get_source("bodacc-liquidations-plansde")
    sfile = bodacc.file("liquidations")
    http = FakeSession({sfile.url: FakeResponse(404, b"")})
    with pytest.raises(errors.SourceDownloadFailed, match="HTTP 404"):
        pull.pull(dest=tmp_path / "d", source_ids=[bodacc.id], http=http)


def test_downloaded_file_failing_checks_is_not_kept(tmp_path):
    bodacc = catalogue.get_source("bodacc-liquidations-plansde")
    sfile = bodacc.file("liquidations")
    http = FakeSession({sfile.url: FakeResponse(200, b"RCS,DATE,EFFECTIFS,NATURE\n1,2,3,4\n")})
    with pytest.raises(errors.SourceFileInvalid, match="1 lignes de données, 543 attendues"):
        pull.pull(dest=tmp_path / "d", source_ids=[bodacc.id], http=http)
    assert not sfile.path(tmp_path / "d", bodacc.id).exists()
    assert not list((tmp_path / "d").rglob(".*"))


def test_derived_file_not_downloadable(tmp_path):
    source = catalogue.get_source("signaux-faibles-terrind")
    with pytest.raises(errors.SourceNotDownloadable, match="non disponible hors miroir"):
        pull.pull(dest=tmp_path / "d", source_ids=[source.id], http=FakeSession({}))


def test_optional_national_file_download_failure_is_skipped(tmp_path):
    source = catalogue.get_source("urssaf-commune-ape")
    sfile = source.file("commune_ape")
    outcomes = pull.pull(
        dest=tmp_path / "d", source_ids=[source.id], http=FakeSession({sfile.url: FakeResponse(503, b"")})
    )
    assert outcomes[0].status == "skipped" and "HTTP 503" in outcomes[0].messages[0]


def test_cli_download_uses_one_session(tmp_path, monkeypatch, capsys, mirror):
    source = catalogue.get_source("insee-tranches-effectifs")
    # not downloadable (transcription): the CLI reports it on one line, exit code of SourceFileMissing
    monkeypatch.setattr(_http, "session", lambda *a, **k: FakeSession({}))
    code, _, err = run_cli(["data", "pull", "--dest", str(tmp_path / "d"), "--source", source.id,
                            "--mirror", str(tmp_path)], capsys)
    _assert_one_line_error(code, err, "non disponible hors miroir", "--mirror")


def test_real_session_is_configured():
    session = _http.session()
    assert "vigie-industrie" in session.headers["User-Agent"]
    assert session.get_adapter("https://example.org").max_retries.total == 3


def test_check_local_is_strict_for_mirror_copies_and_lenient_for_downloads(tmp_path, small_mirror, mirror):
    from vigie_industrie.sources import validate

    dest = tmp_path / "d"
    pull.pull(dest=dest, mirror=small_mirror, source_ids=["urssaf-commune-ape-ze-rouen"], offline=True)
    source = catalogue.get_source("urssaf-commune-ape-ze-rouen")
    sfile = source.file("commune_ape")
    assert validate.check_local(source, sfile, dest).rows == 9338
    rewrite_gzip_text(sfile.path(dest, source.id), lambda t: t)  # same content, other bytes
    with pytest.raises(errors.SourceFileInvalid, match="sha256"):
        validate.check_local(source, sfile, dest)
    manifest_path = dest / "manifest.json"
    data = json.loads(manifest_path.read_text())
    data["files"][f"{source.id}/commune_ape"]["origin"] = "url"
    manifest_path.write_text(json.dumps(data))
    assert validate.check_local(source, sfile, dest).warnings
