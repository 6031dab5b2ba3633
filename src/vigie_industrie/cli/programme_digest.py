"""`vigie programme digest`: the « À traiter » e-mail of every user (dry run unless --envoyer)."""

from __future__ import annotations

from datetime import date
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    """Add ``digest`` to the ``programme`` group registered by ``cli/programme.py``."""
    prog = next(g.typer_instance for g in app.registered_groups if g.name == "programme")

    @prog.command("digest")
    def digest(envoyer: bool = typer.Option(False, "--envoyer", help="Envoyer par SMTP (sinon : afficher ce qui serait envoyé)."),
               utilisateur: Optional[str] = typer.Option(None, "--utilisateur", help="Un seul destinataire (adresse e-mail)."),
               ) -> None:
        """Récapitulatif « À traiter » par courriel, pour chaque utilisateur qui a quelque chose à traiter."""
        from vigie_industrie.cli.programme import _store
        from vigie_industrie.config import Settings
        from vigie_industrie.programme import digest as service

        settings = Settings()
        if envoyer and not settings.smtp_host:
            from vigie_industrie import errors

            raise errors.ValidationFailed(service.NOT_CONFIGURED)
        with _store().session() as session:
            digests = service.build(session=session, settings=settings, today=date.today(), only=utilisateur,
                                    warehouse=settings.warehouse)
        if not digests:
            typer.echo("Aucun message : personne n'a rien à traiter" + (f" ({utilisateur})." if utilisateur else "."))
            return
        if not envoyer:
            for d in digests:
                typer.echo(f"--- À {d.message['To']} — {d.message['Subject']}")
                typer.echo(d.message.get_content())
            typer.echo(f"Simulation : {len(digests)} message(s) à envoyer ; relancez avec --envoyer pour les envoyer"
                       + ("." if settings.smtp_host else " (configurez d'abord VIGIE_SMTP_HOST)."))
            return
        sent = service.send(digests, settings)
        typer.echo(f"{sent} message(s) envoyé(s) par {settings.smtp_host}:{settings.smtp_port}.")
