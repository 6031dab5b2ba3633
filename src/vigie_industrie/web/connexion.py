"""``/connexion`` (sign-in form), ``/compte`` (who I am, my rights) and ``/deconnexion`` (POST).

Why the sign-in page calls ``api/routes/auth.open_session``: one path for the API token and the
web session — same password check, same rate limits (per address and per account), same audit
of successes and failures; the page only turns the answer into the ``vigie_session`` cookie and a
redirect to ``suivant`` (limited to this app's paths by ``session.safe_next``). Sign-out is a POST
form (the CSRF middleware checks its origin), never a link a third-party page could trigger.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse

from vigie_industrie import errors
from vigie_industrie.api.deps import SettingsDep, StoreDep
from vigie_industrie.api.routes import auth
from vigie_industrie.programme import territorial
from vigie_industrie.web.session import PageActor, header_check, render, require_signed_in, safe_next

router = APIRouter(include_in_schema=False)
ROLES = {
    "admin": "administration nationale : tout le programme, tous les territoires",
    "region": "région : les contrats, projets et missions de la région, les besoins et projets à venir que ses EPCI "
              "lui ont transmis",
    "epci": "intercommunalité : les projets, besoins et projets à venir de votre EPCI, que vous transmettez à la région",
    "lecteur": "lecteur : les informations publiques du programme, en lecture seule (pas de données d'entreprises)",
}


@router.get("/connexion")
def connexion(request: Request, actor: PageActor, suivant: str | None = None):
    return render(request, actor, "pilotage/besoins_connexion.html",
                  {"suivant": safe_next(suivant, "/compte"), "email": "", "erreur": None})


@router.post("/connexion")
def connexion_post(request: Request, actor: PageActor, store: StoreDep, settings: SettingsDep,
                   email: Annotated[str, Form(max_length=254)] = "", password: Annotated[str, Form(max_length=200)] = "",
                   suivant: Annotated[str, Form(max_length=2000)] = "/compte"):
    target = safe_next(suivant, "/compte")
    status, erreur = 401, None
    if not email.strip() or not password:
        status, erreur = 422, "Indiquez votre adresse électronique et votre mot de passe."
    else:
        try:
            _, token, expires = auth.open_session(request, store, email, password)
        except auth.TooManyAttempts as exc:
            status, erreur = 429, exc.message
        except errors.NotAuthenticated as exc:
            erreur = exc.message
        else:
            response = RedirectResponse(target, status_code=303)
            auth.set_session_cookie(response, token, settings)
            header_check(request).remember(token, expires)  # the next public page's header, without a query
            return response
    return render(request, actor, "pilotage/besoins_connexion.html",
                  {"suivant": target, "email": email, "erreur": erreur}, status_code=status)


@router.get("/compte")
def compte(request: Request, actor: PageActor, settings: SettingsDep):
    require_signed_in(request, actor)
    return render(request, actor, "pilotage/besoins_compte.html",
                  {"role": ROLES.get(actor.role, actor.role), "droits": rights_of(actor, settings.warehouse)})


def rights_of(actor, warehouse) -> dict:
    """What the account covers, from the warehouse when it is there (EPCI name and territories)."""
    out = {"epci_nom": None, "territoires": [], "remarque": None}
    if actor.role != "epci" or not actor.siren_epci:
        return out
    try:
        facts = territorial.load_facts(warehouse, [], actor)
    except errors.VigieError as exc:
        out["remarque"] = exc.message
        return out
    if facts is None:
        out["remarque"] = "Entrepôt absent : territoires non vérifiables (vos écritures sont refusées)."
        return out
    mine = facts.epcis.get(actor.siren_epci)
    if mine is not None:
        out["epci_nom"] = mine.nom
        out["territoires"] = sorted(mine.territoires)
    return out


@router.post("/deconnexion")
def deconnexion(request: Request, actor: PageActor, store: StoreDep):
    if actor.authenticated:
        auth.close_session(request, actor, store)
    header_check(request).forget(request.cookies.get(auth.security.COOKIE_NAME))
    response = RedirectResponse("/connexion?deconnecte=1", status_code=303)
    response.delete_cookie(auth.security.COOKIE_NAME, path="/")
    return response
