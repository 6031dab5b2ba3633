"""The CLI called in-process, as the tests of every command do (one copy, imported by them)."""

from __future__ import annotations


def run(argv, capsys):
    """Call ``vigie`` in-process: (exit code, stdout, stderr)."""
    from vigie_industrie.cli import main

    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err
