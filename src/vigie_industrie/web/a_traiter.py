"""``/a-traiter``: the signed-in user's « À traiter » page (needs, deadlines, blocked projects).

The rows come from ``programme.a_traiter.a_traiter``, the function behind ``GET
/api/v1/programme/a-traiter`` and the e-mail digest: the page never lists more, or other, items
than the API answers the same person with the same threshold (``tests/steering_ops``). An
anonymous reader is sent to the sign-in page, which comes back here.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from vigie_industrie.api.deps import SettingsDep, StoreDep, TodayDep
from vigie_industrie.programme import a_traiter as service
from vigie_industrie.web.classements import optional_int
from vigie_industrie.web.session import PageActor, render, require_signed_in

router = APIRouter(include_in_schema=False)


@router.get("/a-traiter")
def a_traiter(request: Request, actor: PageActor, store: StoreDep, today: TodayDep, settings: SettingsDep,
              jours: Annotated[str | None, Query(max_length=6)] = None):
    require_signed_in(request, actor)
    seuil = optional_int(jours, "jours", 0, 36_500)
    seuil = settings.a_traiter_jours if seuil is None else seuil
    with store.session() as session:
        answer = service.a_traiter(session=session, actor=actor, today=today, jours=seuil,
                                   warehouse=settings.warehouse)
    return render(request, actor, "pilotage/a_traiter.html", {"reponse": answer, "rubrique": "a-traiter"})
