"""The API and the screens give the same lists for the same filters (issue 14 acceptance).

One table, ``CASES``: (screen path, API path, filters, how each side is read). Each case is run
for several accounts on one seeded store. To cover another list screen (besoins, projets,
missions…), append a row: a screen's rows carry ``data-ressource`` and ``data-id`` attributes
(read by ``html_rows``; ``html_attr`` reads other markings); an API list is either a page (``items[].id``), the « à traiter » answer,
or an export file (the ``id`` column of the CSV/XLSX).
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from urllib.parse import parse_qsl

import openpyxl
import pytest
from selectolax.lexbor import LexborHTMLParser

from .conftest import TODAY, besoin, create_row, days_before, page_client, projet_a_venir


def html_rows(response, resource: str | None) -> list[tuple[str, int]]:
    tree = LexborHTMLParser(response.text)
    return [(n.attributes["data-ressource"], int(n.attributes["data-id"])) for n in tree.css("[data-ressource][data-id]")]


def html_attr(selector: str, attribute: str):
    """A reader for screens marking their rows otherwise, e.g. ``html_attr("tr[data-id]", "data-id")`` for
    ``/besoins`` or ``html_attr("tr[data-mission]", "data-mission")`` for ``/pilotage/missions``."""
    def read(response, resource: str) -> list[tuple[str, int]]:
        return [(resource, int(n.attributes[attribute])) for n in LexborHTMLParser(response.text).css(selector)]
    return read


def file_rows(response, resource: str) -> list[tuple[str, int]]:
    if response.headers["content-type"].startswith("text/csv"):
        rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))
        return [(resource, int(r["id"])) for r in rows]
    ws = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    lines = list(ws.iter_rows(values_only=True))
    col = lines[0].index("id")
    return [(resource, int(line[col])) for line in lines[1:]]


def page_items(response, resource: str) -> list[tuple[str, int]]:
    return [(resource, item["id"]) for item in response.json()["items"]]


def a_traiter_items(response, resource: str | None) -> list[tuple[str, int]]:
    body = response.json()
    keys = {"besoins": "besoin_id", "projets_a_venir": "projet_a_venir_id", "missions": "mission_id", "projets": "projet_id"}
    return [(kind, item[key]) for kind, key in keys.items() for item in body[kind]]


def export_count(response, resource: str) -> list[tuple[str, int]]:
    """The export form's count of rows (compared with the API list's total)."""
    node = LexborHTMLParser(response.text).css_first("#export-total strong")
    return [(resource, int(node.text()))]


def page_total(response, resource: str) -> list[tuple[str, int]]:
    return [(resource, response.json()["total"])]


# (name, screen path, read screen, API path, read API, resource, filters)
CASES = [
    ("a-traiter", "/a-traiter", html_rows, "/api/v1/programme/a-traiter", a_traiter_items, None, {}),
    ("a-traiter seuil 30 j", "/a-traiter", html_rows, "/api/v1/programme/a-traiter", a_traiter_items, None, {"jours": 30}),
    ("export projets csv", "/export/telecharger?type=projets&format=csv", file_rows,
     "/api/v1/programme/export?type=projets&format=csv", file_rows, "projets", {}),
    ("export projets région 32 statut idee", "/export/telecharger?type=projets&format=csv", file_rows,
     "/api/v1/programme/export?type=projets&format=csv", file_rows, "projets", {"code_region": "32", "statut": "idee"}),
    ("export besoins xlsx transmis", "/export/telecharger?type=besoins&format=xlsx", file_rows,
     "/api/v1/programme/export?type=besoins&format=xlsx", file_rows, "besoins", {"statut": "transmis"}),
    ("export projets à venir transmis", "/export/telecharger?type=projets_a_venir&format=csv", file_rows,
     "/api/v1/programme/export?type=projets_a_venir&format=csv", file_rows, "projets_a_venir", {"statut": "transmis"}),
    ("export missions phase 2", "/export/telecharger?type=missions&format=xlsx", file_rows,
     "/api/v1/programme/export?type=missions&format=csv", file_rows, "missions", {"phase": 2}),
    ("export = liste projets", "/export/telecharger?type=projets&format=csv", file_rows,
     "/api/v1/projets?limit=500", page_items, "projets", {"siren_epci": "200072460"}),
    # the list screens of steer-besoins (sorted as the screen sorts: last step first)
    ("liste des besoins", "/besoins", html_attr("tr[data-id]", "data-id"),
     "/api/v1/besoins?tri=-statut_depuis&limit=500", page_items, "besoins", {"statut": "transmis"}),
    ("liste des projets à venir", "/projets-a-venir", html_attr("tr[data-id]", "data-id"),
     "/api/v1/projets-a-venir?tri=-statut_depuis&limit=500", page_items, "projets_a_venir", {"phase": 2}),
    ("compte de l'export = total de la liste", "/export?type=besoins", export_count,
     "/api/v1/besoins", page_total, "besoins", {"territoire_id": "ti-3212"}),
]
WHO = ("admin", "region", "region_autre", "epci", "epci_autre")


@pytest.fixture(scope="module")
def seeded(module_env):
    store = module_env.store
    for scope in ("own", "other"):
        for statut in ("brouillon", "transmis", "accuse"):
            besoin(store, scope, statut=statut, nom_entreprise=f"Entreprise test {scope} {statut}")
            projet_a_venir(store, scope, statut=statut, porteur=f"Porteur test {scope} {statut}")
        create_row(store, "projets", scope, titre=f"Projet test {scope}")
        create_row(store, "projets", scope, titre=f"Projet bloqué {scope}", statut="instruction",
                   points_blocage=[{"categorie": "foncier", "responsable": "DDTM", "depuis": days_before(45)}])
        create_row(store, "projets", scope, titre=f"Projet très bloqué {scope}",
                   points_blocage=[{"categorie": "financement", "responsable": "Région", "depuis": days_before(200)}])
        for deadline_in in (5, 40, -10):
            start = TODAY + timedelta(days=deadline_in - 145)
            create_row(store, "missions", scope, date_debut=start.isoformat(), duree_jours=145,
                       intitule=f"Mission test {scope} {deadline_in}")
    return module_env


def _with(path: str, filters: dict) -> tuple[str, dict]:
    """The path and its query merged with the filters (httpx replaces a URL's query by ``params``)."""
    base, _, query = path.partition("?")
    return base, {**dict(parse_qsl(query)), **filters}


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_same_lists(seeded, case, who):
    name, screen, read_screen, api, read_api, resource, filters = case
    path, params = _with(screen, filters)
    page = page_client(seeded, who).get(path, params=params)
    path, params = _with(api, filters)
    answer = seeded.client(who).get(path, params=params)
    assert page.status_code == 200 and answer.status_code == 200, (page.text[:300], answer.text[:300])
    expected = read_api(answer, resource)
    assert read_screen(page, resource) == expected
    assert expected, f"{name} ({who}) : liste vide, le cas ne prouve rien"
