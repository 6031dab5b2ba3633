"""Login (bearer token + session cookie), logout, current user. Login is rate-limited."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from vigie_industrie import errors
from vigie_industrie.api import problems
from vigie_industrie.api.client import client_address
from vigie_industrie.api.deps import CurrentActor, SettingsDep, StoreDep
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.programme import schemas, security, users

router = APIRouter(prefix="/auth", tags=["authentification"])


@router.post(
    "/token",
    response_model=schemas.TokenPublic,
    responses=problem_responses(400, 401, 413, 422, 429),
    summary="Se connecter : jeton Bearer (et cookie de session pour le web)",
)
def login(body: schemas.LoginRequest, request: Request, response: Response, store: StoreDep, settings: SettingsDep):
    """Exchange email + password for a token valid 12 h.

    At most 10 attempts per minute per client address and 20 per 15 minutes per account.
    """
    try:
        user, token, expires = open_session(request, store, body.email, body.password)
    except TooManyAttempts as exc:
        res = problems.problem(429, "Trop de tentatives", exc.message)
        res.headers["Retry-After"] = str(exc.wait)
        return res
    public = schemas.TokenPublic(access_token=token, expires_at=expires, utilisateur=schemas.UserPublic.model_validate(user))
    set_session_cookie(response, token, settings)
    return public


class TooManyAttempts(errors.VigieError):
    http_status = 429
    title = "Trop de tentatives"

    def __init__(self, message: str, wait: int):
        super().__init__(message)
        self.wait = wait


def open_session(request: Request, store, email: str, password: str):
    """The one sign-in path (API token and the web page ``/connexion``): rate limits per address and
    per account, password check, token, audit of the success or the failure. Returns
    (user, token, expires); raises ``TooManyAttempts`` or ``errors.NotAuthenticated``."""
    client = client_address(request)
    account = email.strip().lower()
    # per address and per account: rotating addresses (through a trusted proxy) still hits the account limit
    wait_client = request.app.state.login_limiter.hit(f"adresse:{client}")
    wait_account = request.app.state.account_limiter.hit(f"compte:{account}") if not wait_client else 0
    if wait_client or wait_account:
        where = f"depuis {client}" if wait_client else "pour ce compte"
        wait = wait_client or wait_account
        raise TooManyAttempts(f"Trop de tentatives de connexion {where} : réessayez dans {wait} s.", wait)
    try:
        with store.transaction() as session:
            user = users.authenticate(session=session, email=email, password=password)
            token, expires = users.issue_token(session=session, user=user)
            users.audit_session(session=session, action="login", email=user.email, role=user.role, user_id=user.id,
                                address=client)
    except errors.NotAuthenticated:
        with store.transaction() as session:  # its own transaction: the failed attempt stays recorded
            users.audit_session(session=session, action="login_failed", email=account, role="anonyme", user_id=None,
                                address=client)
        raise
    return user, token, expires


def set_session_cookie(response: Response, token: str, settings) -> None:
    response.set_cookie(security.COOKIE_NAME, token, max_age=int(security.TOKEN_TTL.total_seconds()), httponly=True,
                        samesite="lax", secure=settings.env not in ("dev", "test"), path="/")


def close_session(request: Request, actor, store) -> None:
    """Revoke the token (bearer or cookie) of this request and audit the sign-out."""
    header = request.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else request.cookies.get(security.COOKIE_NAME, "")
    with store.transaction() as session:
        users.revoke_token(session=session, token=token)
        users.audit_session(session=session, action="logout", email=actor.email, role=actor.role, user_id=actor.user_id,
                            address=client_address(request))


@router.post("/logout", status_code=204, responses=problem_responses(401), summary="Se déconnecter")
def logout(request: Request, actor: CurrentActor, store: StoreDep) -> Response:
    """Revoke the token (bearer or cookie) used by this request."""
    if not actor.authenticated:
        raise errors.NotAuthenticated("Aucune session à fermer : vous n'êtes pas connecté.")
    close_session(request, actor, store)
    res = Response(status_code=204)
    res.delete_cookie(security.COOKIE_NAME, path="/")
    return res


@router.get("/moi", response_model=schemas.UserPublic, responses=problem_responses(401), summary="Utilisateur connecté")
def me(actor: CurrentActor, store: StoreDep):
    if not actor.authenticated:
        raise errors.NotAuthenticated("Non connecté : POST /api/v1/auth/token pour obtenir un jeton.")
    from vigie_industrie.programme import models

    with store.session() as session:
        return schemas.UserPublic.model_validate(session.get(models.User, actor.user_id))


@router.get("/csrf", responses=problem_responses(401), summary="Jeton anti-CSRF de la session web (cookie)")
def csrf_token(request: Request, actor: CurrentActor, settings: SettingsDep) -> dict:
    """For pages that post with the session cookie when the browser sends neither Origin nor Referer:
    send it back in the ``X-CSRF-Token`` header."""
    session = request.cookies.get(security.COOKIE_NAME)
    if not actor.authenticated or not session:
        raise errors.NotAuthenticated("Pas de session web : connectez-vous (POST /api/v1/auth/token) depuis le navigateur.")
    from vigie_industrie.api.csrf import token_for

    return {"csrf_token": token_for(session, settings.secret_key), "en_tete": "X-CSRF-Token"}
