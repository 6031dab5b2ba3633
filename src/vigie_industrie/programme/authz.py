"""Who may read or write what: one table of rules, checked on scope columns.

Roles: ``admin`` (national, everything), ``region`` (rows whose ``code_region`` is its
region), ``epci`` (projets, financements and besoins whose ``siren_epci`` is its EPCI;
read-only elsewhere), ``lecteur`` (public read-only). Anonymous callers read like a
``lecteur`` but get 401 on writes.

Besoins and projets à venir name a firm: they are never visible to ``lecteur`` or anonymous callers (403 /
401 on the whole resource; only aggregate counts are public) nor to another EPCI or
region (404, so existence does not leak).
"""

from __future__ import annotations

from dataclasses import dataclass

from vigie_industrie import errors

PUBLIC_READ = {"contrats", "projets", "financements", "missions", "copil"}
PRIVATE_READ = {"besoins", "projets_a_venir"}
EPCI_WRITABLE = {"projets", "financements", "besoins", "projets_a_venir"}
LABELS = {
    "contrats": "contrat",
    "projets": "projet",
    "besoins": "besoin",
    "financements": "financement",
    "missions": "mission",
    "copil": "décision de COPIL",
    "projets_a_venir": "projet à venir",
}
PLURALS = {"projets_a_venir": "projets à venir"}


def api_path(resource: str) -> str:
    """The resource's path under /api/v1 (``projets_a_venir`` is served at ``projets-a-venir``)."""
    return resource.replace("_", "-")


def plural(resource: str) -> str:
    return PLURALS.get(resource, f"{LABELS[resource]}s")


@dataclass(frozen=True)
class Actor:
    """The caller, as rights see it."""

    email: str
    role: str
    code_region: str | None = None
    siren_epci: str | None = None
    user_id: int | None = None

    @property
    def authenticated(self) -> bool:
        return self.role != "anonyme"

    @classmethod
    def anonymous(cls) -> "Actor":
        return cls(email="anonyme", role="anonyme")

    @classmethod
    def system(cls, name: str = "cli") -> "Actor":
        """The local operator using the CLI (direct database access, national rights)."""
        return cls(email=f"{name}@local", role="admin")


def in_scope(actor: Actor, code_region: str | None, siren_epci: str | None) -> bool:
    if actor.role == "admin":
        return True
    if actor.role == "region":
        return code_region is not None and code_region == actor.code_region
    if actor.role == "epci":
        return siren_epci is not None and siren_epci == actor.siren_epci
    return False


def check_list(actor: Actor, resource: str) -> None:
    """May the actor list this resource at all (rows are then filtered by ``list_filter``)?"""
    if resource in PUBLIC_READ:
        return
    if not actor.authenticated:
        raise errors.NotAuthenticated(
            f"Les {plural(resource)} contiennent des données d'entreprises : connectez-vous "
            "(POST /api/v1/auth/token) et envoyez « Authorization: Bearer <jeton> »."
        )
    if actor.role == "lecteur":
        raise errors.Forbidden(
            f"Le rôle lecteur n'a pas accès aux {plural(resource)} (données d'entreprises) ; "
            "les totaux par catégorie sont publics : GET /api/v1/programme/besoins-par-categorie."
        )


def can_see(actor: Actor, resource: str, code_region: str | None, siren_epci: str | None) -> bool:
    if resource in PUBLIC_READ:
        return True
    return in_scope(actor, code_region, siren_epci)


def check_read(actor: Actor, resource: str, code_region: str | None, siren_epci: str | None, ident: object) -> None:
    check_list(actor, resource)
    if not can_see(actor, resource, code_region, siren_epci):
        raise not_found(resource, ident)


def check_write(actor: Actor, resource: str, code_region: str | None, siren_epci: str | None, ident: object = None) -> None:
    """Raise 401/403/404 unless the actor may create/modify/delete a row with this scope."""
    if not actor.authenticated:
        raise errors.NotAuthenticated(
            "Écriture réservée aux utilisateurs connectés : obtenez un jeton par POST /api/v1/auth/token "
            "puis envoyez « Authorization: Bearer <jeton> »."
        )
    label = LABELS[resource]
    if actor.role == "lecteur":
        raise errors.Forbidden(f"Le rôle lecteur est en lecture seule : impossible de modifier un {label}.")
    if ident is not None and not can_see(actor, resource, code_region, siren_epci):
        raise not_found(resource, ident)
    if actor.role == "epci" and resource not in EPCI_WRITABLE:
        raise errors.Forbidden(
            f"Le rôle epci ne modifie que les projets, financements et besoins de son EPCI, pas un {label} ; "
            "adressez-vous à la région."
        )
    if not in_scope(actor, code_region, siren_epci):
        if actor.role == "region":
            where = f"la région {code_region}"
            mine = f"la région {actor.code_region}"
        else:
            where = f"l'EPCI {siren_epci}"
            mine = f"l'EPCI {actor.siren_epci}"
        raise errors.Forbidden(f"Ce {label} relève de {where} ; votre compte ne peut écrire que pour {mine}.")


def not_found(resource: str, ident: object) -> errors.NotFound:
    return errors.NotFound(
        f"{LABELS[resource].capitalize()} {ident} introuvable (ou hors de votre périmètre) : "
        f"vérifiez l'identifiant avec GET /api/v1/{api_path(resource)}."
    )
