"""`reports.render` and `vigie fiche`: formats, French errors, no access outside this machine."""

from __future__ import annotations

import html

import pytest

from reports.helpers import ROUEN, vigie
from vigie_industrie import errors, reports
from vigie_industrie.fiches import service
from vigie_industrie.reports import pdf


def test_fetcher_refuses_non_local_urls(tmp_path):
    fetch = pdf.fetcher(roots=[tmp_path])
    for url in ("http://example.org/x.png", "https://127.0.0.1/x.css", "ftp://example.org/f", "file:///etc/passwd"):
        with pytest.raises(pdf.RefusedURL):
            fetch.fetch(url)
    allowed = tmp_path / "police.txt"
    allowed.write_text("ok")
    response = fetch.fetch(allowed.as_uri())
    assert response.read() == b"ok"
    response.close()
    assert fetch.fetch("data:text/plain,bonjour").read() == b"bonjour"


def test_pdf_renders_without_the_refused_resources(monkeypatch):
    """An external image in the HTML is refused by the fetcher, and the PDF is still made."""
    seen = []
    real = pdf._fetcher_class()

    class Spy(real):
        def fetch(self, url, headers=None):
            seen.append(url)
            return super().fetch(url, headers)

    monkeypatch.setattr(pdf, "_fetcher_class", lambda: Spy)
    out = pdf.pdf('<!DOCTYPE html><html lang="fr"><body><p>x</p><img src="http://example.org/x.png" alt="x">'
                  '<img src="file:///etc/hostname" alt="y"></body></html>')
    assert out[:5] == b"%PDF-"
    assert "http://example.org/x.png" in seen


def test_render_formats_and_unknown_format(con):
    f = service.fiche(con, ROUEN)
    assert reports.render(f, "md", con=con).startswith("# Métropole Rouen Normandie")
    assert "<!DOCTYPE html>" in reports.render(f, "html")  # without the warehouse: the fiche's own series
    assert reports.resume(f)[0].startswith("Métropole Rouen Normandie (EPCI 200023414) compte")
    with pytest.raises(errors.ValidationFailed, match="Format « docx » inconnu"):
        reports.render(f, "docx")


def test_fiche_of_a_territoire_d_industrie_and_a_commune(con):
    for query, phase in (("ti-3212", 2), ("62139", None)):
        f = service.fiche(con, query, phase=phase)
        text = html.unescape(reports.render(f, "html", con=con))
        assert "Territoires d'industrie" in text and f.nom in text
        assert "<figure" in text


def test_unknown_territory_is_one_french_line(warehouse_path, tmp_path, capsys):
    code = vigie(["fiche", "zzzqqq", "--format", "pdf", "--output", str(tmp_path / "x.pdf"), "--warehouse", str(warehouse_path)])
    err = capsys.readouterr().err
    assert code == errors.UnknownTerritory.exit_code
    assert err.startswith("Erreur : ") and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "x.pdf").exists()


def test_bad_format_and_unwritable_output(warehouse_path, tmp_path, capsys):
    assert vigie(["fiche", ROUEN, "--format", "docx", "--warehouse", str(warehouse_path)]) == 2
    assert "Format « docx » inconnu" in capsys.readouterr().err
    code = vigie(["fiche", ROUEN, "--format", "md", "--output", str(tmp_path / "absent" / "x.md"), "--warehouse", str(warehouse_path)])
    assert code == errors.FileAccessError.exit_code
    assert capsys.readouterr().err.startswith("Erreur : ")
