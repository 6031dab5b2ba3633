"""``/import`` and ``/export``: the programme importer and exporter from the screens.

Import is the API's (``programme.importer.import_rows``, all or nothing, same rights: an EPCI
imports only its own rows, a ``lecteur`` cannot import) in two steps:

1. ``POST /import`` (file + type): the header is checked first (one French line for a wrong
   format, size or column set), then the **dry run** runs and its report is shown row by row —
   line, what would be created, or the French reasons a row is refused. The file is kept
   server-side under a random id (``programme.pending_imports``), never a path from the user.
2. ``POST /import/confirmer`` (that id): the same bytes are imported for real — exactly what was
   previewed, or nothing if the store changed meanwhile (the importer re-validates every row in
   its transaction). The id is consumed: a second confirmation is refused. Then 303 → ``/import``
   with the count written.

Export: ``/export`` is the form (type, the list filters of the type, format) and
``/export/telecharger`` the file, built by ``importer.export_bytes`` like
``GET /api/v1/programme/export`` with the same filters (spreadsheet-safe cells). The list screens
link to ``/export/telecharger?type=<type>&<their filters>&format=csv|xlsx``.
"""

from __future__ import annotations

import hmac
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from vigie_industrie import errors
from vigie_industrie.api.deps import SettingsDep, StoreDep, TodayDep
from vigie_industrie.programme import crud, importer, pending_imports, spreadsheet
from vigie_industrie.programme.authz import EPCI_WRITABLE, PRIVATE_READ, Actor
from vigie_industrie.web.session import PageActor, SignInRequired, csrf_token, render, require_signed_in

router = APIRouter(include_in_schema=False)
MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # below the app's request limit (VIGIE_MAX_REQUEST_BYTES), so the page answers
EXTENSIONS = (".csv", ".xlsx")
TYPES = {"contrats": "Contrats", "projets": "Projets (fiches action)", "besoins": "Besoins d'entreprises",
         "projets_a_venir": "Projets industriels à venir", "financements": "Financements",
         "missions": "Missions d'accompagnement", "copil": "Décisions de COPIL"}
LABEL_FIELDS = {"contrats": "intitule", "projets": "titre", "besoins": "nom_entreprise", "projets_a_venir": "porteur",
                "financements": "dispositif", "missions": "intitule", "copil": "decision"}
INT_FILTERS = {"phase", "projet_id"}
EXPORT_FILTERS = tuple(dict.fromkeys(f for spec in crud.RESOURCES.values() for f in spec.filters))
FILTER_LABELS = {"territoire_id": "Territoire (ti-RRNN)", "phase": "Phase (1 ou 2)", "code_region": "Région (code, ex. 32)",
                 "siren_epci": "EPCI (SIREN)", "statut": "Statut", "categorie": "Catégorie", "urgence": "Urgence",
                 "enjeu": "Enjeu", "dispositif": "Dispositif", "projet_id": "Projet (identifiant)", "nature": "Nature",
                 "horizon": "Horizon", "confidentialite": "Confidentialité"}


def importable_types(actor: Actor) -> dict[str, str]:
    """The types this account can write (an EPCI: its projets, financements, besoins, projets à venir)."""
    if actor.role == "epci":
        return {k: v for k, v in TYPES.items() if k in EPCI_WRITABLE}
    return dict(TYPES)


def _check_importer(request: Request, actor: Actor) -> None:
    require_signed_in(request, actor)
    if actor.role == "lecteur":
        raise errors.Forbidden("Le rôle lecteur est en lecture seule : import impossible.")


def _check_form(request: Request, token: str) -> None:
    """The form's hidden token (the middleware already checked Origin/Referer; this is the fallback)."""
    expected = csrf_token(request)
    if not expected or not hmac.compare_digest(token or "", expected):
        raise errors.Forbidden("Formulaire expiré ou envoyé depuis un autre site : rechargez la page d'import et recommencez.")


def _form(request, actor, *, type_: str | None = None, erreur: str | None = None, alerte: str | None = None,
          succes: str | None = None, status_code: int = 200):
    return render(request, actor, "pilotage/import_formulaire.html",
                  {"types": importable_types(actor), "type_choisi": type_, "erreur": erreur, "alerte": alerte,
                   "succes": succes, "max_mo": MAX_UPLOAD_BYTES // (1024 * 1024), "rubrique": "import"},
                  status_code=status_code)


@router.get("/import")
def import_page(request: Request, actor: PageActor, type: str | None = None, ecrit: str | None = None):
    _check_importer(request, actor)
    succes = None
    if ecrit and ecrit.isdigit() and type in TYPES:
        succes = f"Import terminé : {ecrit} ligne(s) {type} écrite(s), une entrée au journal d'audit par ligne."
    return _form(request, actor, type_=type if type in TYPES else None, succes=succes)


def read_upload(content: bytes, filename: str, resource: str) -> list[dict[str, Any]]:
    """The rows of an uploaded file, or one French line for a wrong size, format or header."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise errors.ValidationFailed(f"Fichier trop volumineux (plus de {MAX_UPLOAD_BYTES // (1024 * 1024)} Mo) : "
                                      "découpez-le en plusieurs imports.")
    if not filename.lower().endswith(EXTENSIONS):
        raise errors.ValidationFailed(f"Format de « {filename[:80]} » non pris en charge : envoyez un fichier .csv "
                                      "(UTF-8, séparateur virgule ou point-virgule) ou .xlsx.")
    if not content:
        raise errors.ValidationFailed(f"Le fichier « {filename[:80]} » est vide.")
    rows = importer.read_bytes(content, filename)
    importer.check_header(resource, rows)
    return rows


def report_lines(resource: str, rows: list[dict[str, Any]], report: dict) -> list[dict[str, Any]]:
    """Every line of the file with what the import does with it (creation, or the refusal's reasons)."""
    refused = {r["ligne"]: r["erreurs"] for r in report["rejetees"]}
    label_field = LABEL_FIELDS[resource]
    out = []
    for n, raw in enumerate(rows, start=2):  # line 1 is the header, as in the importer's report
        label = str(raw.get(label_field) or "").strip()
        where = ", ".join(str(raw[k]) for k in ("territoire_id", "siren_epci", "code_region", "projet_id")
                          if raw.get(k) not in (None, ""))
        out.append({"ligne": n, "libelle": label[:120], "ou": where, "erreurs": refused.get(n, []),
                    "action": "refusée" if n in refused else "création"})
    return out


@router.post("/import")
def import_preview(request: Request, actor: PageActor, store: StoreDep, settings: SettingsDep,
                   type: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = "",
                   fichier: Annotated[UploadFile | None, File()] = None):
    _check_importer(request, actor)
    _check_form(request, csrf_token)
    if type not in TYPES:
        return _form(request, actor, erreur=None, alerte=f"Choisissez le type de lignes à importer ({', '.join(TYPES)}).",
                     status_code=422)
    if fichier is None or not fichier.filename:
        return _form(request, actor, type_=type, erreur="Choisissez un fichier .csv ou .xlsx à importer.", status_code=422)
    content = fichier.file.read(MAX_UPLOAD_BYTES + 1)
    try:
        rows = read_upload(content, fichier.filename, type)
        report = importer.import_rows(store=store, resource=type, rows=rows, actor=actor, dry_run=True,
                                      warehouse=settings.warehouse)
    except errors.ValidationFailed as exc:
        return _form(request, actor, type_=type, erreur=str(exc), status_code=422)
    jeton = None
    if not report["rejetees"]:
        jeton = pending_imports.save(content, resource=type, filename=fichier.filename, owner=actor.email)
    return render(request, actor, "pilotage/import_rapport.html",
                  {"rapport": report, "lignes": report_lines(type, rows, report), "jeton": jeton, "type": type,
                   "libelle_type": TYPES[type], "fichier": fichier.filename, "rubrique": "import"},
                  status_code=200 if jeton else 422)


@router.post("/import/confirmer")
def import_confirm(request: Request, actor: PageActor, store: StoreDep, settings: SettingsDep,
                   jeton: Annotated[str, Form()] = "", csrf_token: Annotated[str, Form()] = ""):
    _check_importer(request, actor)
    _check_form(request, csrf_token)
    try:
        pending = pending_imports.claim(jeton, owner=actor.email)
    except errors.Conflict as exc:
        return _form(request, actor, alerte=str(exc), status_code=409)
    rows = importer.read_bytes(pending.content, pending.filename)
    try:
        report = importer.import_rows(store=store, resource=pending.resource, rows=rows, actor=actor,
                                      warehouse=settings.warehouse)
    except errors.ImportRejected as exc:  # the store changed since the dry run: nothing written
        return render(request, actor, "pilotage/import_rapport.html",
                      {"rapport": exc.report, "lignes": report_lines(pending.resource, rows, exc.report), "jeton": None,
                       "type": pending.resource, "libelle_type": TYPES[pending.resource], "fichier": pending.filename,
                       "message": str(exc), "rubrique": "import"}, status_code=422)
    written = report["acceptees"] if report["ecrit"] else 0
    return RedirectResponse(f"/import?type={pending.resource}&ecrit={written}", status_code=303)


# --- export ----------------------------------------------------------------------------


def export_filters(request: Request, resource: str) -> dict[str, Any]:
    """The list filters given in the query string (empty fields dropped, numbers parsed)."""
    spec = crud.RESOURCES[resource]
    out: dict[str, Any] = {}
    for key in EXPORT_FILTERS:
        value = (request.query_params.get(key) or "").strip()
        if not value:
            continue
        if key not in spec.filters:
            raise errors.ValidationFailed(f"Filtre « {key} » inconnu pour {resource} : filtres possibles {', '.join(spec.filters)}.")
        if key in INT_FILTERS:
            if not value.isdigit() or len(value) > 9:
                raise errors.ValidationFailed(f"{key} : « {value[:20]} » n'est pas un nombre entier.")
            value = int(value)
        out[key] = value
    return out


def _export_actor(request: Request, actor: Actor, resource: str) -> Actor:
    """Public types for everyone (as the API); firms' needs need an account: sign in first."""
    if resource not in crud.RESOURCES:
        raise errors.ValidationFailed(f"Type d'export « {resource} » inconnu : types possibles {', '.join(TYPES)}.")
    if not actor.authenticated and resource in PRIVATE_READ:
        raise SignInRequired(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
    return actor


@router.get("/export")
def export_page(request: Request, actor: PageActor, store: StoreDep, today: TodayDep, type: str = "projets"):
    _export_actor(request, actor, type)
    filters = export_filters(request, type)
    with store.session() as session:
        _, total = crud.list_rows(session=session, resource=type, actor=actor, filters=filters, limit=1)
    query = urlencode({"type": type, **filters})
    return render(request, actor, "pilotage/import_export.html",
                  {"types": TYPES, "type_choisi": type, "filtres": filters, "champs": crud.RESOURCES[type].filters,
                   "libelles": FILTER_LABELS, "total": total, "requete": query, "rubrique": "export"})


@router.get("/export/telecharger")
def export_file(request: Request, actor: PageActor, store: StoreDep, today: TodayDep, type: str = "projets",
                format: str = "csv"):
    _export_actor(request, actor, type)
    if format not in ("csv", "xlsx"):
        raise errors.ValidationFailed(f"Format « {format[:10]} » non pris en charge : choisissez csv ou xlsx.")
    content, _ = importer.export_bytes(store=store, resource=type, actor=actor, fmt=format, today=today,
                                       filters=export_filters(request, type))
    media = "text/csv; charset=utf-8" if format == "csv" else spreadsheet.XLSX_MEDIA
    return Response(content, media_type=media, headers={"Content-Disposition": f'attachment; filename="{type}.{format}"'})
