"""Usage errors are Typer's usage message with exit 2; unwritable outputs are one French line."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def vigie(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "vigie_industrie", *args], capture_output=True, text=True, env=env, timeout=300
    )


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["frobnicate"], "frobnicate"),
        (["territoire", "62139", "--frob"], "--frob"),
        (["territoire"], "QUERY"),
        (["sql"], "QUERY"),
        (["territoire", "62139", "--phase", "x"], "--phase"),
        (["sql", "select 1", "--max-rows", "0"], "--max-rows"),
        (["programme", "frobnicate"], "frobnicate"),
    ],
    ids=["unknown-command", "unknown-option", "missing-argument", "missing-sql", "bad-phase", "bad-max-rows", "unknown-subcommand"],
)
def test_usage_error_is_usage_message_exit_2(argv, fragment):
    result = vigie(*argv)
    assert result.returncode == 2, result.stderr
    assert "Usage:" in result.stderr and fragment.lower() in result.stderr.lower()
    assert "Erreur inattendue" not in result.stderr and "signalez" not in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere: the read-only directory case needs a normal user")
def test_unwritable_export_path_as_normal_user(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        env = {**os.environ, "VIGIE_DATABASE_URL": f"sqlite:///{tmp_path / 'vigie.db'}"}
        result = vigie("programme", "export", "--type", "contrats", "--output", str(locked / "out.csv"), env=env)
        assert result.returncode == 13 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    finally:
        locked.chmod(0o700)


@pytest.mark.parametrize(
    "argv_of",
    [
        lambda d: ["programme", "export", "--type", "contrats", "--output", str(d / "afile" / "out.csv")],
        lambda d: ["programme", "export", "--type", "contrats", "--output", str(d)],  # a directory
        lambda d: ["build", "--warehouse", str(d / "afile" / "warehouse.duckdb")],  # parent is a file
        lambda d: ["data", "pull", "--offline", "--dest", str(d / "afile" / "data")],
    ],
    ids=["export-parent-is-file", "export-to-directory", "build-parent-is-file", "pull-dest-is-file"],
)
def test_unwritable_output_is_one_french_line(tmp_path, mirror, argv_of):
    (tmp_path / "afile").write_text("not a directory")
    env = {**os.environ, "VIGIE_DATABASE_URL": f"sqlite:///{tmp_path / 'vigie.db'}", "VIGIE_MIRROR": str(mirror)}
    result = vigie(*argv_of(tmp_path), env=env)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Erreur : "), result.stderr
    assert "Erreur inattendue" not in result.stderr and "Traceback" not in result.stderr


def test_permission_denied_is_said_in_french(tmp_path, monkeypatch, capsys):
    """As root no directory refuses a write, so the refusal is simulated where the export writes."""
    import errno

    from vigie_industrie.cli import main
    from vigie_industrie.programme import importer

    target = tmp_path / "locked" / "out.csv"

    def refuse(**kwargs):
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(kwargs["path"]))

    monkeypatch.setattr(importer, "export_rows", refuse)
    monkeypatch.setenv("VIGIE_DATABASE_URL", f"sqlite:///{tmp_path / 'vigie.db'}")
    with pytest.raises(SystemExit) as exit_:
        main(["programme", "export", "--type", "contrats", "--output", str(target)])
    err = capsys.readouterr().err
    assert exit_.value.code == 13
    assert err == f"Erreur : Accès impossible à {target} : permission refusée. Vérifiez le chemin indiqué (dossier existant, droits d'écriture) ou choisissez-en un autre.\n"
