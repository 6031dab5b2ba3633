"""The steering pages of this part validate with the Nu Html Checker (as tests/web/test_html_valid.py)."""

from __future__ import annotations

import pytest

from tests.web.test_html_valid import invalid, vnu  # noqa: F401 - the fixture (skips without Java)

from .conftest import ORIGIN, signed_in
from .test_screens import FORM, new_need


# HTML validity does not depend on the store's back-end (the same templates render the same rows):
# validated once, on SQLite; the PostgreSQL runs of the screens are tested elsewhere.
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_steering_pages_validate(vnu, web_env, tmp_path):  # noqa: F811
    epci, region = signed_in(web_env, "epci"), signed_in(web_env, "region")
    ident = new_need(epci)
    epci.post("/besoins/transmettre", data={"ids": [ident]}, headers=ORIGIN)
    pages = {
        "connexion": epci.get("/connexion"), "compte": epci.get("/compte"), "liste": epci.get("/besoins"),
        "formulaire": epci.get("/besoins/nouveau"),
        "formulaire-erreurs": epci.post("/besoins", data={**FORM, "siren_entreprise": "1"}, headers=ORIGIN),
        "fiche-epci": epci.get(f"/besoins/{ident}"), "fiche-region": region.get(f"/besoins/{ident}"),
        "boite-region": region.get("/besoins?statut=transmis"), "projets-liste": epci.get("/projets-a-venir"),
        "projets-formulaire": epci.get("/projets-a-venir/nouveau"),
    }
    for name, response in pages.items():
        assert response.status_code in (200, 422), (name, response.status_code)
        (tmp_path / f"{name}.html").write_text(response.text, encoding="utf-8")
    bad = invalid(vnu, tmp_path)
    assert not bad, "\n".join(bad[:30])
