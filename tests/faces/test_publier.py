"""`vigie publier DIR`: Parquet + CSV + a Frictionless datapackage.json that validates; atomic; refuses to overwrite."""

from __future__ import annotations

import json

import duckdb
import pytest

from .conftest import one_french_line, run

frictionless = pytest.importorskip("frictionless")


@pytest.fixture(scope="module")
def package(warehouse_path, tmp_path_factory):
    from vigie_industrie.observatoire import publish
    from vigie_industrie.warehouse import connection

    target = tmp_path_factory.mktemp("pub") / "paquet"
    con = connection.connect(warehouse_path)
    try:
        publish.publish(con, target)
    finally:
        con.close()
    return target


@pytest.mark.slow
def test_descriptor_is_valid_frictionless_and_describes_each_table(package, warehouse_path):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    assert list(frictionless.Package.metadata_validate(descriptor)) == []
    names = {r["name"] for r in descriptor["resources"]}
    assert {"territoire_commune", "territoire_commune-parquet", "indicateur_valeur", "indicateur_valeur-parquet",
            "indicateur"} <= names
    assert {lic["name"] for lic in descriptor["licenses"]} >= {"etalab-2.0"}
    assert descriptor["sources"] and all(s["title"] for s in descriptor["sources"])
    valeur = next(r for r in descriptor["resources"] if r["name"] == "indicateur_valeur")
    fields = {f["name"]: f for f in valeur["schema"]["fields"]}
    assert fields["valeur"]["type"] == "number" and fields["annee"]["type"] == "integer"
    assert fields["unite"]["description"] and fields["niveau"]["description"]
    used = {s["title"].split(" — ")[0] for s in valeur["sources"]}
    assert any("Populations légales" in t for t in used)


@pytest.mark.slow
def test_csv_resources_validate_and_hold_every_row(package, warehouse_path):
    pkg = frictionless.Package(str(package / "datapackage.json"))
    rows = {r["name"]: r["rows"] for r in json.loads((package / "datapackage.json").read_text())["resources"]}
    wh = duckdb.connect(str(warehouse_path), read_only=True)
    try:
        for resource in pkg.resources:
            table = resource.name.removesuffix("-parquet")
            report = resource.validate(limit_rows=5_000)  # types and format; every row is counted below
            if resource.format == "csv":
                assert report.valid, (resource.name, report.flatten(["type", "note"])[:5])
            path = str(package / resource.path)
            reader = (f"read_csv('{path}', all_varchar=true, header=true, quote='\"', escape='\"')"
                      if resource.format == "csv" else f"read_parquet('{path}')")
            n = duckdb.sql(f"select count(*) from {reader}").fetchone()[0]
            assert n == rows[resource.name]
            if table != "indicateur":
                assert n == wh.execute(f"select count(*) from {table}").fetchone()[0], resource.name
    finally:
        wh.close()


@pytest.mark.slow
def test_parquet_types_match_the_schema(package):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    kinds = {"VARCHAR": "string", "INTEGER": "integer", "BIGINT": "integer", "DOUBLE": "number", "BOOLEAN": "boolean"}
    for resource in (r for r in descriptor["resources"] if r["format"] == "parquet"):
        described = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        actual = {c: kinds.get(t, t) for c, t, *_ in duckdb.sql(f"describe select * from read_parquet('{package / resource['path']}')").fetchall()}
        assert actual == described, resource["name"]


def test_refuses_a_non_empty_directory_and_leaves_nothing_behind(tmp_path, warehouse_path, capsys):
    target = tmp_path / "existant"
    target.mkdir()
    (target / "garde.txt").write_text("à garder")
    code, _, err = run(["publier", str(target), "--warehouse", str(warehouse_path)], capsys)
    assert code != 0
    one_french_line(err, "n'est pas un dossier vide")
    assert [p.name for p in target.iterdir()] == ["garde.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["existant"]  # no temporary directory left


def test_a_failed_write_leaves_no_directory(tmp_path, warehouse_path, monkeypatch):
    from vigie_industrie.observatoire import publish
    from vigie_industrie.warehouse import connection

    def boom(*args, **kwargs):
        raise RuntimeError("disque plein (simulé)")

    monkeypatch.setattr(publish, "_copy", boom)
    con = connection.connect(warehouse_path)
    try:
        with pytest.raises(RuntimeError):
            publish.publish(con, tmp_path / "paquet")
    finally:
        con.close()
    assert list(tmp_path.iterdir()) == []
