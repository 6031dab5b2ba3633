"""`vigie users add|list|disable`: accounts of the programme store."""

from __future__ import annotations

import json
from typing import Optional

import typer

from vigie_industrie.cli.common import JsonOption


def _store():
    from vigie_industrie.config import Settings
    from vigie_industrie.programme.db import Store

    settings = Settings()
    return Store(settings.database_url, busy_timeout=settings.store_busy_timeout)


def register(app: typer.Typer) -> None:
    users_app = typer.Typer(help="Comptes utilisateurs (admin, region, epci, lecteur).", no_args_is_help=True)
    app.add_typer(users_app, name="users")

    @users_app.command("add")
    def add(
        email: str = typer.Argument(..., help="Adresse électronique (identifiant de connexion)."),
        role: str = typer.Option(..., "--role", help="admin | region | epci | lecteur."),
        region: Optional[str] = typer.Option(None, "--region", help="Code région (obligatoire pour region, ex. 32)."),
        epci: Optional[str] = typer.Option(None, "--epci", help="SIREN de l'EPCI (obligatoire pour epci)."),
        nom: str = typer.Option("", "--nom", help="Nom affiché."),
        password: Optional[str] = typer.Option(
            None, "--password", envvar="VIGIE_USER_PASSWORD",
            help="Mot de passe (12 caractères au moins) ; demandé s'il est absent.",
        ),
    ) -> None:
        """Créer un compte (mot de passe haché en Argon2id)."""
        from vigie_industrie.programme import users
        from vigie_industrie.programme.authz import Actor

        if password is None:
            password = typer.prompt("Mot de passe", hide_input=True, confirmation_prompt=True)
        data = users.validate_user(email=email, role=role, code_region=region, siren_epci=epci, nom=nom, password=password)
        from vigie_industrie.config import Settings
        from vigie_industrie.programme import territorial

        territorial.check_account(Settings().warehouse, role=data.role, code_region=data.code_region,
                                  siren_epci=data.siren_epci)
        with _store().transaction() as session:
            user = users.create_user(session=session, data=data, actor=Actor.system())
            scope = user.code_region or "national" if user.role != "epci" else f"EPCI {user.siren_epci}"
        typer.echo(f"Compte {user.email} créé (rôle {user.role}, périmètre {scope}).")

    @users_app.command("list")
    def list_(as_json: bool = JsonOption) -> None:
        """Lister les comptes."""
        from vigie_industrie.programme import schemas, users

        with _store().session() as session:
            rows = [schemas.UserPublic.model_validate(u).model_dump() for u in users.list_users(session=session)]
        if as_json:
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not rows:
            typer.echo("Aucun compte : créez l'administrateur avec `vigie users add EMAIL --role admin`.")
        for u in rows:
            state = "actif" if u["is_active"] else "désactivé"
            scope = u["siren_epci"] or u["code_region"] or "-"
            typer.echo(f"{u['email']:<40} {u['role']:<8} {scope:<10} {state}")

    @users_app.command("disable")
    def disable(email: str = typer.Argument(..., help="Adresse du compte à désactiver.")) -> None:
        """Désactiver un compte (ses jetons sont révoqués immédiatement)."""
        from vigie_industrie.programme import users
        from vigie_industrie.programme.authz import Actor

        with _store().transaction() as session:
            users.disable_user(session=session, email=email, actor=Actor.system())
        typer.echo(f"Compte {email} désactivé ; ses sessions sont fermées.")
