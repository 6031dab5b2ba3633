"""``/impact``: the closure-impact simulator as a form, and its answer as a page.

The form is a plain GET form with the parameters of ``GET /api/v1/impact`` (commune or epci, naf,
emplois, date, multiplicateur), so a simulation works without JavaScript and its address can be
shared or reopened as the API's JSON. The answer is ``impact.service.simuler`` over the sites
checked by ``impact.saisie.site``: the very two calls of ``api/routes/impact.py``, so the page and
the API give the same figures (one service, two renderings).

Why errors are shown beside the fields instead of on an error page: the user typed them. A bad
value is the service's own French sentence (``errors.VigieError``), attached to the field it names
(``champ``), with the page answered 422 and every value kept in the form.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request

from vigie_industrie import errors
from vigie_industrie.api.deps import WarehouseDep
from vigie_industrie.impact import parametres, saisie, service
from vigie_industrie.web import templating

router = APIRouter(include_in_schema=False)

CHAMPS = ("commune", "epci", "naf", "emplois", "date", "multiplicateur")
Champ = Annotated[str | None, Query(max_length=60)]
# The first words of each French sentence of ``impact.saisie``, ``impact.service`` and
# ``impact.parametres``, and the field they are about (tests/web_aei/test_impact_page.py keeps them
# in step: one bad value per field).
PREFIXES = (
    ("Donnez soit une commune", "commune"), ("Code commune", "commune"), ("Commune «", "commune"),
    ("SIREN", "epci"), ("EPCI «", "epci"), ("Le SIREN", "epci"),
    ("Code NAF", "naf"),
    ("Nombre d'emplois", "emplois"),
    ("Date", "date"),
    ("Multiplicateur", "multiplicateur"),
)


def champ(message: str) -> str | None:
    """The form field a French error sentence is about (None: shown above the form).

    >>> champ("Code NAF « 99.99Z » inconnu de la nomenclature NAF rév. 2 (732 sous-classes)."), champ("Autre")
    ('naf', None)
    """
    for prefix, name in PREFIXES:
        if message.startswith(prefix):
            return name
    if " emplois perdus dans le secteur " in message:  # more jobs than the sector holds (service)
        return "emplois"
    return None


def simuler(con, saisie_: dict[str, str | None]):
    """Check the form's values and run the simulator, exactly as ``GET /api/v1/impact``."""
    site = saisie.site(naf=saisie_["naf"] or "", emplois=saisie_["emplois"] or "", commune=saisie_["commune"],
                       epci=saisie_["epci"])
    return service.simuler(con, [site], date_fermeture=saisie.date_fermeture(saisie_["date"]),
                           multiplicateur=saisie_["multiplicateur"] or None)


def multiplicateurs() -> list[dict]:
    """The cited multipliers for the form's select (the assumption flagged, the default marked)."""
    p = parametres.load()
    return [{"id": m.id, "libelle": m.libelle, "valeur": m.valeur, "hypothese": m.hypothese, "role": p.role(m.id),
             "defaut": m.id == p.defaut} for m in p.multiplicateurs.values()]


@router.get("/impact")
def impact_page(request: Request, warehouse: WarehouseDep, commune: Champ = None, epci: Champ = None,
                naf: Champ = None, emplois: Champ = None, date: Champ = None, multiplicateur: Champ = None):
    values = {"commune": commune, "epci": epci, "naf": naf, "emplois": emplois, "date": date,
              "multiplicateur": multiplicateur}
    submitted = any(v is not None for v in values.values())
    resultat, erreurs, status = None, {}, 200
    if submitted:
        try:
            resultat = simuler(warehouse.con, values)
        except errors.VigieError as exc:
            if exc.http_status >= 500:
                raise
            erreurs[champ(str(exc)) or "formulaire"] = str(exc)
            status = 422
    kept = {k: v for k, v in values.items() if v not in (None, "")}
    context = {
        "rubrique": "impact", "valeurs": {k: v or "" for k, v in values.items()}, "erreurs": erreurs,
        "resultat": resultat, "multiplicateurs": multiplicateurs(),
        "api_url": "/api/v1/impact?" + urlencode(kept) if resultat is not None else None,
    }
    return templating.render(request, "impact.html", context, status_code=status)
