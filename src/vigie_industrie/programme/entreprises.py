"""A firm's SIREN checked against the Sirene stock of the warehouse, and its name taken from it.

Why: a need or an upcoming project names a firm; a mistyped SIREN that passes the Luhn key
(one digit swapped twice) would send the région after the wrong firm. When the Sirene
establishment stock is loaded (source ``insee-sirene-stock-etablissement``, optional, absent
from the mirror), the SIREN must be one of its companies and the firm's name is filled from
its establishments' ``denomination`` (the head office first) when the user left it empty.
Without the stock only the key is checked (``codes.check_siren``) and the user gives the name.
La Poste (356000000) is the one SIREN exempt from the key; it still has to be in the stock.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from vigie_industrie import errors
from vigie_industrie.sources import sirene_stock

# The name of each wanted company: head office's first, then any active establishment's.
_QUERY = f"""
select siren, first(denomination order by denomination is null, is_siege desc, etat_administratif = 'A' desc) as nom
from {sirene_stock.DEFAULT_TABLE}
where siren in (select unnest($sirens::varchar[]))
group by siren
"""
FIELDS = {"besoins": ("siren_entreprise", "nom_entreprise"), "projets_a_venir": ("siren_porteur", None)}


def lookup(warehouse: Path | None, sirens: Iterable[str]) -> dict[str, str | None] | None:
    """SIREN → name (None when the stock gives none) for the SIRENs found; None when no stock is loaded."""
    if warehouse is None or not Path(warehouse).exists():
        return None
    from vigie_industrie.warehouse import connection

    wanted = sorted({s for s in sirens if s})
    con = connection.connect(Path(warehouse))
    try:
        schema, _, table = sirene_stock.DEFAULT_TABLE.rpartition(".")
        present = con.execute("select 1 from information_schema.tables where table_schema = ? and table_name = ?",
                              [schema, table]).fetchone()
        if not present:
            return None
        if not wanted:
            return {}
        return {s: n for s, n in con.execute(_QUERY, {"sirens": wanted}).fetchall()}
    finally:
        con.close()


def check(resource: str, values: dict, known: dict[str, str | None] | None) -> None:
    """Refuse a SIREN absent from the loaded stock; fill an empty firm name from it (in place)."""
    if resource not in FIELDS:
        return
    siren_field, name_field = FIELDS[resource]
    siren = values.get(siren_field)
    if known is not None and siren:
        if siren not in known:
            raise errors.ValidationFailed(
                f"{siren_field} : le SIREN « {siren} » n'existe pas dans le répertoire Sirene chargé dans l'entrepôt "
                "(entreprise radiée ou saisie erronée) : vérifiez-le sur annuaire-entreprises.data.gouv.fr."
            )
        if name_field and not (values.get(name_field) or "").strip() and known[siren]:
            values[name_field] = known[siren]
    if name_field and not (values.get(name_field) or "").strip():
        why = ("le répertoire Sirene n'est pas chargé dans l'entrepôt" if known is None
               else "le répertoire Sirene ne donne pas de nom pour ce SIREN")
        raise errors.ValidationFailed(f"{name_field} : indiquez le nom de l'entreprise ({why}).")
