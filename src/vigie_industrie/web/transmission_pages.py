"""The screens of a transmitted resource (besoins, projets à venir): list, form, page, steps.

Why one factory: both resources share the workflow of ``programme/transmission.py``; their
screens differ only by fields and wording (``Conf``), so ``web/besoins.py`` and
``web/projets_a_venir.py`` state those and get the same five routes:

- ``GET  /P``                 the list, filtered with the API's own query model and read through
                              ``crud.list_rows`` (so the screen shows exactly the API's rows);
                              an EPCI ticks drafts and « Transmettre à la région » (one batch);
- ``GET  /P/nouveau``, ``POST /P`` the form; errors beside their field, input kept, 422
                              (``ff.save_or_errors``, the projects' and missions' own path);
- ``GET  /P/{id}``            the row, its dated history, the steps the reader may take;
- ``POST /P/transmettre``, ``POST /P/{id}/{action}`` the steps, then 303 back with a message.

Every refusal is the store's own French sentence (403/404 page, or an alert on the form).
"""

# No ``from __future__ import annotations``: FastAPI reads the endpoints' annotations as objects.

from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from pydantic import BaseModel, ValidationError

from vigie_industrie import errors
from vigie_industrie.api.deps import SettingsDep, StoreDep
from vigie_industrie.programme import crud, messages, schemas, territorial, transmission
from vigie_industrie.web import projets_formulaires as ff
from vigie_industrie.web.session import PageActor, render, require_signed_in

ACTION_BODIES = {"accuser": schemas.NoteRequest, "assigner": schemas.AssignerRequest,
                 "repondre": schemas.RepondreRequest, "clore": schemas.NoteRequest}
# the form's own fields besides the resource's: the (territoire, phase) select and the admin's EPCI
FORM_FIELDS = ("territoire", "siren_epci")
RENAME = {"territoire_id": "territoire", "phase": "territoire"}
BADGES = {"brouillon": "", "transmis": "fr-badge--new", "accuse": "fr-badge--info", "assigne": "fr-badge--info",
          "repondu": "fr-badge--success", "clos": "fr-badge--success"}


@dataclass(frozen=True)
class Champ:
    """One form field: name (the schema's), label, kind (text, textarea, select, number, date), choices."""

    nom: str
    libelle: str
    kind: str = "text"
    choix: tuple[tuple[str, str], ...] = ()
    aide: str = ""
    requis: bool = False


@dataclass(frozen=True)
class Conf:
    resource: str
    path: str
    titre: str  # « Besoins d'entreprises »
    un: str  # « un besoin »
    filters_model: type[BaseModel]
    champs: tuple[Champ, ...]
    colonnes: tuple[tuple[str, str], ...]  # (attribute, header) of the list after id and status
    filtres: tuple[Champ, ...] = ()
    avis: str = ""
    libelles: dict[str, dict[str, str]] = field(default_factory=dict)  # field → value → label


def pages_router(conf: Conf) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    spec = crud.RESOURCES[conf.resource]
    conf_fields = tuple(c.nom for c in conf.champs)

    def base(request, actor) -> dict[str, Any]:
        return {"conf": conf, "libelle_statut": transmission.label, "badges": BADGES,
                "statuts": transmission.ORDER, "message": _message(request)}

    def list_page(request: Request, actor, store, erreur: str | None = None, status_code: int = 200):
        raw = {k: v for k, v in request.query_params.items() if k in conf.filters_model.model_fields and v != ""}
        try:
            filters = conf.filters_model.model_validate(raw).model_dump()
        except ValidationError as exc:
            raise errors.ValidationFailed(messages.french_errors(exc.errors())) from exc
        with store.session() as session:
            rows, total = crud.list_rows(session=session, resource=conf.resource, actor=actor, filters=filters,
                                         sort="-statut_depuis", limit=500)
        return render(request, actor, "pilotage/besoins_liste.html",
                      {**base(request, actor), "lignes": rows, "total": total, "filtres": raw, "erreur": erreur,
                       "peut_transmettre": actor.role in transmission.EPCI_SIDE},
                      status_code=status_code)

    @router.get(conf.path)
    def liste(request: Request, actor: PageActor, store: StoreDep):
        require_signed_in(request, actor)
        return list_page(request, actor, store)

    def form_page(request, actor, settings, values: dict, erreurs: dict[str, str], erreur: str | None,
                  status_code: int = 200):
        crud.visible_query(conf.resource, actor)  # lecteur / anonymous: the store's refusal, before any form
        return render(request, actor, "pilotage/besoins_formulaire.html",
                      {**base(request, actor), "valeurs": values, "erreurs": erreurs, "erreur": erreur,
                       "trouve": _found(conf, values, erreurs, settings.warehouse),
                       "territoires": _territoires(actor, settings.warehouse)}, status_code=status_code)

    @router.get(conf.path + "/nouveau")
    def nouveau(request: Request, actor: PageActor, settings: SettingsDep):
        require_signed_in(request, actor)
        transmission.check_create(actor, conf.resource)
        return form_page(request, actor, settings, {}, {}, None)

    @router.post(conf.path)
    async def creer(request: Request, actor: PageActor, store: StoreDep, settings: SettingsDep):
        require_signed_in(request, actor)
        form = await request.form()
        values = {k: str(v).strip() for k, v in form.items() if k != "csrf_token"}
        payload = _payload(conf, values, actor)

        def write(session, data):
            scoped = {**data.model_dump(), **crud.scope_of(session, conf.resource, data)}
            facts = territorial.load_facts(settings.warehouse, [scoped], actor)
            return crud.create(session=session, resource=conf.resource, data=data, actor=actor, facts=facts).id

        def again(erreurs: dict, status: int):  # a refusal of the whole form is the alert above it
            return form_page(request, actor, settings, values, erreurs, erreurs.pop("__all__", None), status)

        return ff.save_or_errors(store, spec.create, payload, write, fields=FORM_FIELDS + conf_fields, rename=RENAME,
                                 done=lambda ident: RedirectResponse(f"{conf.path}/{ident}?fait=creer", status_code=303),
                                 again=again)

    @router.post(conf.path + "/transmettre")
    async def transmettre(request: Request, actor: PageActor, store: StoreDep):
        require_signed_in(request, actor)
        form = await request.form()
        ids = [int(v) for v in form.getlist("ids") if str(v).isdigit()]
        if not ids:
            return list_page(request, actor, store, f"Cochez au moins {conf.un} à transmettre.", 422)
        try:
            with store.transaction() as session:
                transmission.apply(session=session, resource=conf.resource, ids=ids, action="transmettre",
                                   actor=actor)
        except errors.VigieError as exc:
            if actor.role == "lecteur":  # no list to show: the refusal page
                raise
            return list_page(request, actor, store, exc.message, exc.http_status)
        back = form.get("retour")
        if back and str(back).isdigit():
            return RedirectResponse(f"{conf.path}/{back}?fait=transmettre", status_code=303)
        return RedirectResponse(f"{conf.path}?fait=transmettre&n={len(ids)}", status_code=303)

    def row_page(request, actor, store, ident: int, erreur: str | None = None, status_code: int = 200):
        with store.session() as session:
            row = crud.get(session=session, resource=conf.resource, ident=ident, actor=actor)
        actions = [a for a in transmission.ACTIONS.values() if actor.role in a.roles and row.statut in a.sources]
        return render(request, actor, "pilotage/besoins_fiche.html",
                      {**base(request, actor), "ligne": row, "actions": actions, "erreur": erreur},
                      status_code=status_code)

    @router.get(conf.path + "/{ident}")
    def fiche(request: Request, ident: int, actor: PageActor, store: StoreDep):
        require_signed_in(request, actor)
        return row_page(request, actor, store, ident)

    @router.post(conf.path + "/{ident}/{action}")
    async def etape(request: Request, ident: int, action: str, actor: PageActor, store: StoreDep):
        require_signed_in(request, actor)
        if action not in ACTION_BODIES:
            raise errors.NotFound(f"Action « {action} » inconnue : {', '.join(ACTION_BODIES)}.")
        form = await request.form()
        fields = {k: str(v) for k, v in form.items() if k in ACTION_BODIES[action].model_fields}
        try:
            body = ACTION_BODIES[action].model_validate(fields)
        except ValidationError as exc:
            return row_page(request, actor, store, ident, messages.french_errors(exc.errors()), 422)
        try:
            with store.transaction() as session:
                transmission.apply(session=session, resource=conf.resource, ids=[ident], action=action, actor=actor,
                                   **body.model_dump())
        except errors.NotFound:
            raise
        except errors.VigieError as exc:
            return row_page(request, actor, store, ident, exc.message, exc.http_status)
        return RedirectResponse(f"{conf.path}/{ident}?fait={action}", status_code=303)

    return router


def _message(request: Request) -> str | None:
    done = request.query_params.get("fait")
    n = request.query_params.get("n")
    return {"creer": "Enregistré comme brouillon : il reste à le transmettre à la région.",
            "transmettre": (f"{n} transmis à la région." if n else "Transmis à la région."),
            "accuser": "Réception accusée.", "assigner": "Assigné.", "repondre": "Réponse enregistrée.",
            "clore": "Clos."}.get(done or "")


def _payload(conf: Conf, values: dict, actor) -> dict:
    """Form strings → the Create schema's payload (empty optional fields → absent, numbers → int)."""
    out: dict[str, Any] = {}
    for champ in conf.champs:
        value = values.get(champ.nom, "")
        if value == "":
            continue
        if champ.kind == "number":
            out[champ.nom] = int(value) if value.lstrip("-").isdigit() else value
        else:
            out[champ.nom] = value
    territoire = values.get("territoire", "")
    if "|" in territoire:
        ti, phase = territoire.split("|", 1)
        out["territoire_id"], out["phase"] = ti, int(phase) if phase.isdigit() else phase
    elif values.get("territoire_id"):  # admin: typed in
        out["territoire_id"] = values["territoire_id"]
        phase = values.get("phase", "")
        out["phase"] = int(phase) if phase.isdigit() else phase
    if actor.role == "epci":
        out["siren_epci"] = actor.siren_epci
    elif values.get("siren_epci"):
        out["siren_epci"] = values["siren_epci"]
    return out


def _found(conf: Conf, values: dict, erreurs: dict, warehouse) -> dict:
    """The firm's name from Sirene, shown beside a valid SIREN when the form comes back with errors."""
    from vigie_industrie.programme import codes, entreprises

    siren_field = entreprises.FIELDS[conf.resource][0]
    siren = values.get(siren_field, "")
    if not siren or siren_field in erreurs:
        return {}
    try:
        codes.check_siren(siren)
        known = entreprises.lookup(warehouse, [siren])
    except (ValueError, errors.VigieError):
        return {}
    if known and known.get(siren):
        return {siren_field: known[siren]}
    return {}


def _territoires(actor, warehouse) -> list[tuple[str, int]]:
    """The (territoire, phase) an EPCI may write for (its EPCI's territories), from the warehouse."""
    if actor.role != "epci":
        return []
    try:
        facts = territorial.load_facts(warehouse, [], actor)
    except errors.VigieError:
        return []
    mine = facts.epcis.get(actor.siren_epci) if facts else None
    return sorted(mine.territoires) if mine else []
