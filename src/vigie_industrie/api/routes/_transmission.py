"""The workflow actions of besoins and projets à venir, added to their CRUD router.

``POST /{resource}/transmettre`` takes one id or a batch (all or nothing, the refused id named
in the 4xx problem); ``POST /{resource}/{id}/accuser|assigner|repondre|clore`` are the région's
steps. Every step is dated in the row's ``etapes`` and written to the audit journal
(``programme/transmission.py`` holds the rules, shared by both resources).
"""

# No ``from __future__ import annotations``: FastAPI reads the endpoints' annotations as objects.

from fastapi import APIRouter
from pydantic import BaseModel

from vigie_industrie.api.deps import CurrentActor, StoreDep, TodayDep
from vigie_industrie.api.problems import problem_responses
from vigie_industrie.api.routes._crud import Ident
from vigie_industrie.programme import crud, schemas, transmission

RESPONSES = problem_responses(400, 401, 403, 404, 409, 413, 422, 503)


def add_transmission_routes(router: APIRouter, *, resource: str, item: str, public: type[BaseModel]) -> None:
    label = transmission.LABELS[resource]

    @router.post("/transmettre", response_model=list[public], responses=RESPONSES,
                 summary=f"Transmettre à la région (un {label} ou un lot, tout ou rien)", name=f"transmit_{item}")
    def transmettre(body: schemas.TransmettreRequest, actor: CurrentActor, store: StoreDep, today: TodayDep):
        """Drafts of the caller's EPCI move to the région's inbox (``transmis``); one refusal cancels the batch."""
        with store.transaction() as session:
            rows = transmission.apply(session=session, resource=resource, ids=body.ids, action="transmettre",
                                      actor=actor)
            return [crud.to_public(resource, r, today=today) for r in rows]

    def step_route(action: str, body_model: type[BaseModel], doc: str):
        spec = transmission.ACTIONS[action]

        def endpoint(ident: Ident, body: body_model, actor: CurrentActor, store: StoreDep,  # type: ignore[valid-type]
                     today: TodayDep):
            fields = body.model_dump()
            with store.transaction() as session:
                [row] = transmission.apply(session=session, resource=resource, ids=[ident], action=action,
                                           actor=actor, **fields)
                return crud.to_public(resource, row, today=today)

        endpoint.__doc__ = doc
        router.add_api_route(f"/{{ident}}/{action}", endpoint, methods=["POST"], response_model=public,
                             responses=RESPONSES, name=f"{action}_{item}",
                             summary=f"{spec.label.capitalize()} ({label} : {' / '.join(spec.sources)} → {spec.target})")

    step_route("accuser", schemas.NoteRequest, "The région acknowledges a transmitted row (transmis → accuse).")
    step_route("assigner", schemas.AssignerRequest, "Assign to a named person or service (accuse/assigne → assigne).")
    step_route("repondre", schemas.RepondreRequest, "Answer with a text (accuse/assigne → repondu).")
    step_route("clore", schemas.NoteRequest, "Close (accuse/assigne/repondu → clos).")
