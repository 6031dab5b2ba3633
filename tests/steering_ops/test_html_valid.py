"""The steer-ops pages validate with the Nu Html Checker (as tests/web/test_html_valid.py does for the others)."""

from __future__ import annotations

import pytest

from tests.web.test_html_valid import invalid, vnu  # noqa: F401  (fixture: java + vnu.jar, else skipped)

from .conftest import EPCI_A, besoin, create_row, days_before, form_token, page_client


# HTML validity does not depend on the store's back-end (the same templates render the same rows):
# validated once, on SQLite; the PostgreSQL runs of the screens are tested elsewhere.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_pages_validate(vnu, env, tmp_path):  # noqa: F811
    besoin(env.store, "own", statut="transmis", nom_entreprise="Forges test Artois")
    create_row(env.store, "projets", "own", titre="Projet bloqué test",
               points_blocage=[{"categorie": "foncier", "responsable": "DDTM", "depuis": days_before(90)}])
    region, epci = page_client(env, "region"), page_client(env, "epci")
    csv_ok = f"territoire_id,phase,siren_epci,titre,enjeu\nti-3212,2,{EPCI_A},Projet test,innover\n".encode()
    csv_bad = f"territoire_id,phase,siren_epci,titre,enjeu\nti-3212,2,{EPCI_A},Projet test,voler\n".encode()

    def upload(content, filename="p.csv"):
        token = form_token(epci.get("/import").text)
        return epci.post("/import", data={"type": "projets", "csrf_token": token}, files={"fichier": (filename, content)})

    pages = {
        "a-traiter": region.get("/a-traiter"),
        "a-traiter-vide": page_client(env, "region_autre").get("/a-traiter"),
        "import": epci.get("/import"),
        "import-rapport": upload(csv_ok),
        "import-refus": upload(csv_bad),
        "import-erreur": upload(b"x", "p.pdf"),
        "export": region.get("/export", params={"type": "projets", "code_region": "32"}),
    }
    for name, response in pages.items():
        assert response.status_code in (200, 422), (name, response.status_code)
        (tmp_path / f"{name}.html").write_text(response.text, encoding="utf-8")
    bad = invalid(vnu, tmp_path)
    assert not bad, "\n".join(bad[:30])
