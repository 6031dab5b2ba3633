"""The ``vigie`` command: a thin Typer layer over library functions.

Each capability registers its commands from its own module (``COMMAND_MODULES``),
so adding a command never edits another's file. ``main`` turns a ``VigieError``
into one French line on stderr and a meaningful exit code; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import importlib
import sys

import typer

from vigie_industrie import errors

COMMAND_MODULES = ("data", "build", "territoire", "sql", "serve", "programme", "users",
                   "indicateurs", "comparer", "classement", "perimetre", "publier")  # issue 11: observatory
COMMAND_MODULES += ("fiche",)  # issue 13: the fiche to hand over (reports)
COMMAND_MODULES += ("impact",)  # issue 15: closure-impact simulator
COMMAND_MODULES += ("eligibilite",)  # issue 16: Territoires d'industrie criteria
COMMAND_MODULES += ("alertes",)  # issue 15: early warning
COMMAND_MODULES += ("programme_digest",)  # issue 14: « À traiter » e-mail digest (after "programme")

app = typer.Typer(
    name="vigie",
    help="Vigie Industrie : données ouvertes, entrepôt et pilotage des Territoires d'industrie.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

_state = {"debug": False}


def _click_error_types() -> tuple[type[Exception], ...]:
    """The ClickException classes to catch: Typer may bundle its own copy of click
    (``typer._click``), whose exceptions are not ``click.ClickException`` subclasses."""
    bundled = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException")
    try:
        import click

        return tuple({bundled, click.ClickException})
    except ImportError:  # pragma: no cover - click is not installed beside Typer
        return (bundled,)


_CLICK_ERRORS = _click_error_types()


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Afficher la trace complète des erreurs."),
) -> None:
    _state["debug"] = debug


for _name in COMMAND_MODULES:
    importlib.import_module(f"vigie_industrie.cli.{_name}").register(app)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the console script."""
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        app(args=argv, standalone_mode=False)
    except errors.VigieError as exc:
        if debug:
            raise
        typer.echo(f"Erreur : {exc}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("Interrompu.", err=True)
        sys.exit(130)
    except _CLICK_ERRORS as exc:
        # Usage errors (unknown command or option, missing argument, bad value): the usage
        # message and exit 2, as Typer prints them in standalone mode.
        exc.show()
        sys.exit(exc.exit_code)
    except OSError as exc:
        if debug:
            raise
        typer.echo(f"Erreur : {errors.file_access_message(exc)}", err=True)
        sys.exit(errors.FileAccessError.exit_code)
    except Exception as exc:  # click usage errors, an incomplete warehouse, and friends
        import click
        import duckdb

        if isinstance(exc, duckdb.CatalogException) and not debug:
            from vigie_industrie.api.problems import warehouse_incomplete_message

            typer.echo(f"Erreur : {warehouse_incomplete_message(exc)}", err=True)
            sys.exit(errors.WarehouseMissing.exit_code)

        from sqlalchemy.exc import DBAPIError

        from vigie_industrie.programme.db import busy_error

        busy = busy_error(exc) if isinstance(exc, DBAPIError) else None
        if busy is not None and not debug:  # a read waited for another writer: one line, not a traceback
            typer.echo(f"Erreur : {busy}", err=True)
            sys.exit(busy.exit_code)

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if debug:
            raise
        typer.echo(
            f"Erreur inattendue : {type(exc).__name__}: {exc}. Relancez avec --debug et signalez-la.",
            err=True,
        )
        sys.exit(1)
