"""Import from the screens (issue 14): dry-run report row by row, confirm once, same rights as the API."""

from __future__ import annotations

import io

import openpyxl
from selectolax.lexbor import LexborHTMLParser

from .conftest import EPCI_A, EPCI_B, form_token, page_client

HEADER = "territoire_id,phase,siren_epci,titre,enjeu\n"
GOOD = HEADER + f"ti-3212,2,{EPCI_A},Projet test un,innover\nti-3212,2,{EPCI_A},Projet test deux,recruter\n"


def _upload(client, content: bytes, filename="projets.csv", type_="projets", token=None):
    token = token if token is not None else form_token(client.get("/import").text)
    return client.post("/import", data={"type": type_, "csrf_token": token},
                       files={"fichier": (filename, content, "text/csv")})


def _lines(html: str) -> list[tuple[str, str, str]]:
    tree = LexborHTMLParser(html)
    return [(tr.attributes["data-ligne"], tr.attributes["data-action"], tr.css("td")[3].text().strip())
            for tr in tree.css("#import-lignes tbody tr")]


def _jeton(html: str) -> str | None:
    node = LexborHTMLParser(html).css_first('input[name="jeton"]')
    return node.attributes["value"] if node else None


def _count(env, who="admin", resource="projets") -> int:
    return env.client(who).get(f"/api/v1/{resource}").json()["total"]


def test_dry_run_then_confirm_writes_exactly_the_preview_once(env):
    c = page_client(env, "epci")
    r = _upload(c, GOOD.encode())
    assert r.status_code == 200, r.text
    assert [(n, a) for n, a, _ in _lines(r.text)] == [("2", "création"), ("3", "création")]
    assert "Projet test un" in r.text and _count(env) == 0  # nothing written by the dry run
    jeton = _jeton(r.text)
    assert jeton and len(jeton) == 32
    done = c.post("/import/confirmer", data={"jeton": jeton, "csrf_token": form_token(r.text)})
    assert done.status_code == 303 and done.headers["location"] == "/import?type=projets&ecrit=2"
    assert "2 ligne(s) projets écrite(s)" in c.get(done.headers["location"]).text
    titles = sorted(p["titre"] for p in env.client("admin").get("/api/v1/projets").json()["items"])
    assert titles == ["Projet test deux", "Projet test un"]
    again = c.post("/import/confirmer", data={"jeton": jeton, "csrf_token": form_token(r.text)})
    assert again.status_code == 409 and "déjà été confirmé" in again.text
    assert _count(env) == 2
    events = env.client("admin").get("/api/v1/programme/audit", params={"entity": "projets"}).json()
    assert [e["actor_email"] for e in events] == ["epci@test.invalid"] * 2


def test_refused_rows_are_reported_with_their_french_reason_and_no_confirm(env):
    c = page_client(env, "epci")
    text = HEADER + (f"ti-3212,2,{EPCI_A},Projet test un,innover\n"
                     f"ti-8401,2,{EPCI_B},Projet d'un autre EPCI,innover\n"
                     f"ti-3212,2,{EPCI_A},Projet mal classé,voler\n")
    r = _upload(c, text.encode())
    assert r.status_code == 422
    lines = _lines(r.text)
    assert [(n, a) for n, a, _ in lines] == [("2", "création"), ("3", "refusée"), ("4", "refusée")]
    assert EPCI_B in lines[1][2] and "votre compte ne peut écrire que pour" in lines[1][2]
    assert "enjeu" in lines[2][2] and "valeurs possibles" in lines[2][2]
    assert _jeton(r.text) is None and _count(env) == 0


def test_confirming_another_users_upload_or_a_made_up_id_is_refused(env):
    r = _upload(page_client(env, "epci"), GOOD.encode())
    jeton = _jeton(r.text)
    admin = page_client(env, "admin")
    token = form_token(admin.get("/import").text)
    for forged in (jeton, "../../etc/passwd", "x" * 32):
        refused = admin.post("/import/confirmer", data={"jeton": forged, "csrf_token": token})
        assert refused.status_code == 409 and "renvoyez le fichier" in refused.text
    assert _count(env) == 0
    c = page_client(env, "epci")  # still there for its owner
    assert c.post("/import/confirmer", data={"jeton": jeton, "csrf_token": form_token(r.text)}).status_code == 303


def test_expired_upload_is_refused(env, monkeypatch):
    from vigie_industrie.programme import pending_imports

    c = page_client(env, "epci")
    r = _upload(c, GOOD.encode())
    real = pending_imports.claim
    monkeypatch.setattr(pending_imports, "claim",
                        lambda ident, owner: real(ident, owner=owner, now=__import__("time").time() + 31 * 60))
    refused = c.post("/import/confirmer", data={"jeton": _jeton(r.text), "csrf_token": form_token(r.text)})
    assert refused.status_code == 409 and "expiré" in refused.text and _count(env) == 0


def test_store_changed_since_the_dry_run_writes_nothing(env):
    c = page_client(env, "admin")
    content = ("territoire_id,phase,intitule,statut\nti-3201,2,Contrat test,en_preparation\n"
               "ti-3202,2,Contrat test deux,en_preparation\n").encode()
    r = _upload(c, content, "contrats.csv", "contrats")
    assert r.status_code == 200
    env.client("admin").post("/api/v1/contrats", json={"territoire_id": "ti-3202", "phase": 2, "intitule": "Entre-temps"})
    done = c.post("/import/confirmer", data={"jeton": _jeton(r.text), "csrf_token": form_token(r.text)})
    assert done.status_code == 422
    assert "rien n'a été écrit" in LexborHTMLParser(done.text).css_first("#import-alerte").text()
    assert _count(env, resource="contrats") == 1


def test_one_precise_french_line_for_size_format_columns(env, monkeypatch):
    from vigie_industrie.web import import_export

    c = page_client(env, "admin")

    def error_of(response) -> str:
        assert response.status_code == 422, response.text
        node = LexborHTMLParser(response.text).css_first("#import-fichier-erreur")
        assert node is not None, response.text[:2000]
        return node.text()

    assert "non pris en charge" in error_of(_upload(c, b"%PDF-1.4", "rapport.pdf"))
    cols = error_of(_upload(c, b"nom,prenom\nDupont,Jean\n"))
    assert "« nom »" in cols and "« prenom »" in cols and "« titre »" in cols and "Colonnes possibles" in cols
    assert "aucune ligne" in error_of(_upload(c, HEADER.encode()))
    assert "UTF-8" in error_of(_upload(c, HEADER.encode() + "ti-3212,2,x,Proj\xe9t,innover\n".encode("latin-1")))
    assert "classeur XLSX" in error_of(_upload(c, b"not a zip", "projets.xlsx"))
    monkeypatch.setattr(import_export, "MAX_UPLOAD_BYTES", 100)
    assert "trop volumineux" in error_of(_upload(c, GOOD.encode() * 3))


def test_xlsx_upload_and_formulas_refused(env):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["territoire_id", "phase", "siren_epci", "titre", "enjeu"])
    ws.append(["ti-3212", 2, EPCI_A, "Projet tableur", "innover"])
    ws.append(["ti-3212", 2, EPCI_A, "=HYPERLINK(\"http://evil.example\")", "innover"])
    buf = io.BytesIO()
    wb.save(buf)
    r = _upload(page_client(env, "admin"), buf.getvalue(), "projets.xlsx")
    lines = _lines(r.text)
    assert [(n, a) for n, a, _ in lines] == [("2", "création"), ("3", "refusée")]
    assert "formule" in lines[1][2]


def test_rights_lecteur_anonymous_and_foreign_form(env):
    lecteur = page_client(env, "lecteur").get("/import")
    assert lecteur.status_code == 403 and "lecteur est en lecture seule" in lecteur.text
    anon = page_client(env, None).get("/import")
    assert anon.status_code == 303 and anon.headers["location"] == "/connexion?suivant=/import"
    c = page_client(env, "epci")
    options = [o.attributes["value"] for o in LexborHTMLParser(c.get("/import").text).css("#import-type option")
               if o.attributes["value"]]
    assert options == ["projets", "besoins", "projets_a_venir", "financements"]
    contrat = _upload(c, b"territoire_id,phase,intitule\nti-3212,2,Contrat test\n", "c.csv", "contrats")
    assert "Le rôle epci ne modifie que" in _lines(contrat.text)[0][2]
    bad_token = _upload(c, GOOD.encode(), token="faux")
    assert bad_token.status_code == 403 and "Formulaire expiré" in bad_token.text
    c.headers["Origin"] = "http://evil.example"
    cross = c.post("/import", data={"type": "projets", "csrf_token": "x"}, files={"fichier": ("p.csv", GOOD.encode())})
    assert cross.status_code == 403 and "evil.example" in cross.text
    assert _count(env) == 0
