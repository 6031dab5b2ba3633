"""`vigie perimetre creer|liste|supprimer`: custom perimeters in the programme store.

The CLI acts as the local operator (national rights, like `vigie programme`), or as a
store account given with ``--utilisateur EMAIL`` (then the perimeter belongs to that
account and the account's rights apply). Members are checked against the warehouse.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer

from vigie_industrie.cli import common

UserOption = typer.Option(
    None, "--utilisateur", "-u", envvar="VIGIE_UTILISATEUR",
    help="Agir au nom de ce compte du magasin (défaut : l'opérateur local, droits nationaux).",
)


def store(*, create: bool = True):
    """The programme store of VIGIE_DATABASE_URL; None when ``create`` is False and the SQLite file is absent."""
    from sqlalchemy.engine import make_url

    from vigie_industrie.config import Settings
    from vigie_industrie.programme.db import Store

    url = Settings().database_url
    parsed = make_url(url)
    if not create and parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:") \
            and not Path(parsed.database).exists():
        return None
    return Store(url)


def actor(utilisateur: Optional[str]):
    """The acting user: the local operator, or the active account ``utilisateur``."""
    from sqlalchemy import select

    from vigie_industrie import errors
    from vigie_industrie.programme import models, users
    from vigie_industrie.programme.authz import Actor

    if not utilisateur:
        return Actor.system()
    with store().session() as session:
        user = session.scalar(select(models.User).where(models.User.email == utilisateur.strip().lower()))
        if user is None or not user.is_active:
            raise errors.NotFound(f"--utilisateur : aucun compte actif {utilisateur} ; voyez `vigie users list`.")
        return users.actor_of(user)


def lookup(utilisateur: Optional[str] = None):
    """Perimeters for the resolver; the store is opened only if a perimeter is asked for."""
    from vigie_industrie.observatoire.cible import PerimetreLookup

    return PerimetreLookup(store=lambda: store(create=False), actor=actor(utilisateur))


def _line(p) -> str:
    membres = ", ".join(f"{m.nom} ({m.code})" for m in p.membres[:6]) + ("…" if len(p.membres) > 6 else "")
    return f"{p.code:<10} {p.nom:<30} {p.visibilite:<6} {p.proprietaire:<28} {len(p.membres)} membre(s) : {membres}"


def register(app: typer.Typer) -> None:
    perim = typer.Typer(help="Périmètres personnalisés (communes et/ou EPCI) : créer, lister, supprimer.",
                        no_args_is_help=True)
    app.add_typer(perim, name="perimetre")

    @perim.command("creer")
    def creer(
        nom: str = typer.Argument(..., help="Nom du périmètre, ex. « Audomarois »."),
        membres: list[str] = typer.Option(..., "--membre", "-m", help="Code INSEE de commune ou SIREN d'EPCI (répétable)."),
        public: bool = typer.Option(False, "--public", help="Visible de tous (défaut : privé, vous et les admins)."),
        description: str = typer.Option("", "--description", help="Description libre."),
        utilisateur: Optional[str] = UserOption,
        warehouse: Optional[Path] = common.WarehouseOption,
        as_json: bool = common.JsonOption,
    ) -> None:
        """Créer un périmètre ; ses membres sont vérifiés dans l'entrepôt."""
        from vigie_industrie.observatoire import membres as membres_mod
        from vigie_industrie.programme import perimetres
        from vigie_industrie.warehouse import connection

        data = perimetres.validate(perimetres.PerimetreCreate, {
            "nom": nom, "description": description, "visibilite": "public" if public else "prive", "membres": membres})
        con = connection.connect(common.settings(warehouse=warehouse).warehouse)
        try:
            check = lambda codes: membres_mod.check_members(con, codes)  # noqa: E731
            acting = actor(utilisateur)
            with store().transaction() as session:
                out = perimetres.to_public(perimetres.create(session=session, data=data, actor=acting, check_members=check))
            nb = len(membres_mod.communes_of(con, [m.model_dump() for m in out.membres]))
        finally:
            con.close()
        if as_json:
            typer.echo(json.dumps({**out.model_dump(mode="json"), "nb_communes": nb}, ensure_ascii=False, indent=2))
            return
        typer.echo(f"Périmètre {out.code} « {out.nom} » créé ({out.visibilite}, {len(out.membres)} membre(s), "
                   f"{nb} commune(s)) : vigie indicateurs {out.code}")

    @perim.command("liste")
    def liste(utilisateur: Optional[str] = UserOption, as_json: bool = common.JsonOption) -> None:
        """Lister les périmètres visibles (les vôtres et les publics ; tous pour l'opérateur local)."""
        from vigie_industrie.programme import perimetres

        acting = actor(utilisateur)
        with store().session() as session:
            rows, _ = perimetres.list_rows(session=session, actor=acting, limit=10_000)
            items = [perimetres.to_public(r) for r in rows]
        if as_json:
            typer.echo(json.dumps([p.model_dump(mode="json") for p in items], ensure_ascii=False, indent=2))
            return
        if not items:
            typer.echo("Aucun périmètre : créez-en un avec `vigie perimetre creer NOM --membre CODE…`.")
        for p in items:
            typer.echo(_line(p))

    @perim.command("supprimer")
    def supprimer(ident: str = typer.Argument(..., help="Identifiant perim-N (ou N)."),
                  utilisateur: Optional[str] = UserOption) -> None:
        """Supprimer un périmètre (le vôtre, ou n'importe lequel pour un admin)."""
        from vigie_industrie import errors
        from vigie_industrie.programme import perimetres

        number = perimetres.parse_code(ident) if not ident.strip().isdigit() else int(ident)
        if number is None:
            raise errors.ValidationFailed(f"« {ident} » n'est pas un identifiant de périmètre (perim-N, ex. perim-12).")
        acting = actor(utilisateur)
        with store().transaction() as session:
            perimetres.delete(session=session, ident=number, actor=acting)
        typer.echo(f"Périmètre {perimetres.code_of(number)} supprimé.")
