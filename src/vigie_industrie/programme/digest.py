"""The e-mail digest of « À traiter »: one plain-text French message per user, sent by SMTP.

Why the digest reuses :func:`programme.a_traiter.a_traiter` for each user's own actor: a message
lists exactly what the page ``/a-traiter`` shows that user, so an EPCI's digest can never name
another EPCI's firm. Messages are built with :mod:`email` (``EmailMessage``, UTF-8) and sent with
:mod:`smtplib` — STARTTLS and login when configured (``VIGIE_SMTP_*``); without
``VIGIE_SMTP_HOST`` nothing can be sent and the command says how to configure it. Users with
nothing to do, inactive accounts and ``lecteur`` accounts get no message.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import date
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from vigie_industrie import errors
from vigie_industrie.config import Settings
from vigie_industrie.programme import a_traiter, models
from vigie_industrie.programme.authz import Actor

NOT_CONFIGURED = ("Aucun serveur SMTP configuré : définissez VIGIE_SMTP_HOST (et selon le serveur VIGIE_SMTP_PORT, "
                  "VIGIE_SMTP_USER, VIGIE_SMTP_PASSWORD, VIGIE_SMTP_FROM, VIGIE_SMTP_STARTTLS=true|false), "
                  "puis relancez `vigie programme digest --envoyer` (voir docs/pilotage.md).")


class SmtpFailed(errors.VigieError):
    """The SMTP server refused or could not be reached: nothing more was sent."""

    exit_code = 15
    http_status = 503
    title = "Envoi impossible"


@dataclass(frozen=True)
class Digest:
    email: str
    total: int
    message: EmailMessage


def actor_of(user: models.User) -> Actor:
    return Actor(email=user.email, role=user.role, code_region=user.code_region, siren_epci=user.siren_epci,
                 user_id=user.id)


def build(*, session: Session, settings: Settings, today: date, only: str | None = None,
          warehouse: Path | None = None) -> list[Digest]:
    """The messages to send (one per active user with something to do), without sending them."""
    stmt = select(models.User).where(models.User.is_active.is_(True)).order_by(models.User.email)
    if only:
        stmt = select(models.User).where(models.User.email == only.strip().lower())
    users = list(session.scalars(stmt))
    if only and not users:
        raise errors.NotFound(f"Utilisateur {only} inconnu : vérifiez l'adresse avec `vigie users list`.")
    if only and not users[0].is_active:
        raise errors.ValidationFailed(f"Le compte {only} est désactivé : aucun récapitulatif ne lui est envoyé.")
    out = []
    for user in users:
        if user.role == "lecteur":
            continue
        answer = a_traiter.a_traiter(session=session, actor=actor_of(user), today=today,
                                     jours=settings.a_traiter_jours, warehouse=warehouse)
        if answer["total"]:
            out.append(Digest(user.email, answer["total"], message(user, answer, settings)))
    return out


def message(user: models.User, answer: dict, settings: Settings) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = f"Vigie Industrie : {answer['total']} élément(s) à traiter"
    msg["From"] = settings.smtp_from
    msg["To"] = formataddr((user.nom, user.email)) if user.nom else user.email
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain="vigie-industrie.local")
    msg.set_content(body(user.nom or user.email, answer, settings.base_url))
    return msg


def body(name: str, answer: dict, base_url: str) -> str:
    """The plain-text French body: each list with one line per item and its link."""
    from vigie_industrie.web.templating import date_fr

    base = base_url.rstrip("/")
    epci = answer["role"] == "epci"
    lines = [f"Bonjour {name},", "", f"Voici ce qui vous attend dans Vigie Industrie au {date_fr(answer['date'])} :", ""]

    def section(title: str, items: list, line) -> None:
        if not items:
            return
        lines.append(f"{title} ({len(items)}) :")
        lines.extend(f"  - {line(i)}\n    {base}{i['lien']}" for i in items)
        lines.append("")

    section("Besoins d'entreprises en brouillon, à transmettre à la région" if epci else
            "Besoins transmis à votre région, réception à accuser", answer["besoins"],
            lambda b: f"{b['nom_entreprise']} (SIREN {b['siren_entreprise']}) — {b['categorie']}, urgence {b['urgence']}, "
                      f"{b['territoire_id']}, depuis le {date_fr(b['depuis'])}")
    section("Projets à venir en brouillon, à transmettre à la région" if epci else
            "Projets à venir transmis à votre région, réception à accuser", answer["projets_a_venir"],
            lambda p: f"{p['porteur']} — {p['nature']}, {p['territoire_id']}, depuis le {date_fr(p['depuis'])}")
    section(f"Missions à échéance dans les {answer['horizon_jours']} jours", answer["missions"],
            lambda m: f"{m['intitule']} — échéance le {date_fr(m['date_echeance'])} ({delai(m)})")
    section(f"Projets bloqués depuis plus de {answer['seuil_blocage_jours']} jours", answer["projets"],
            lambda p: f"{p['titre']} — bloqué depuis {p['jours_bloque']} j, {p['territoire_id']}")
    lines += [f"La liste complète, à jour : {base}/a-traiter", "",
              "— Vigie Industrie (message automatique ; ne contient que ce que votre compte peut voir)."]
    return "\n".join(lines) + "\n"


def delai(mission: dict) -> str:
    """« en retard de 3 j », « échéance aujourd'hui », « 1 j restant », « 10 j restants ».

    >>> [delai({"retard_jours": r, "jours_restants": j}) for r, j in ((3, 0), (0, 0), (0, 1), (0, 10))]
    ['en retard de 3 j', "échéance aujourd'hui", '1 j restant', '10 j restants']
    """
    if mission["retard_jours"]:
        return f"en retard de {mission['retard_jours']} j"
    left = mission["jours_restants"]
    return "échéance aujourd'hui" if left == 0 else f"{left} j restant{'s' if left > 1 else ''}"


def send(digests: list[Digest], settings: Settings) -> int:
    """Send every message over one SMTP connection; return how many were accepted."""
    if not settings.smtp_host:
        raise errors.ValidationFailed(NOT_CONFIGURED)
    sent = 0
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password or "")
            for d in digests:
                smtp.send_message(d.message)
                sent += 1
    except (smtplib.SMTPException, OSError) as exc:
        raise SmtpFailed(
            f"Envoi par {settings.smtp_host}:{settings.smtp_port} impossible après {sent} message(s) "
            f"({type(exc).__name__} : {str(exc)[:200]}) : vérifiez VIGIE_SMTP_HOST, VIGIE_SMTP_PORT, "
            "VIGIE_SMTP_STARTTLS et les identifiants."
        ) from exc
    return sent
