"""French wording for pydantic validation errors (users read French, pydantic speaks English)."""

from __future__ import annotations

from typing import Any

_TEMPLATES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (retirez-le ; voir le schéma /api/v1/openapi.json)",
    "literal_error": "valeur « {input} » refusée : valeurs possibles {expected}",
    "enum": "valeur « {input} » refusée : valeurs possibles {expected}",
    "string_too_short": "texte trop court (au moins {min_length} caractère(s))",
    "string_too_long": "texte trop long (au plus {max_length} caractères)",
    "string_pattern_mismatch": "« {input} » n'a pas la forme attendue ({pattern})",
    "string_type": "texte attendu",
    "int_type": "nombre entier attendu",
    "int_parsing": "« {input} » n'est pas un nombre entier",
    "int_from_float": "nombre entier attendu (sans décimales)",
    "bool_type": "booléen attendu (true/false)",
    "bool_parsing": "« {input} » n'est pas un booléen (true/false)",
    "greater_than_equal": "doit être supérieur ou égal à {ge}",
    "less_than_equal": "doit être inférieur ou égal à {le}",
    "greater_than": "doit être supérieur à {gt}",
    "less_than": "doit être inférieur à {lt}",
    "date_type": "date attendue (AAAA-MM-JJ)",
    "date_parsing": "« {input} » n'est pas une date AAAA-MM-JJ",
    "date_from_datetime_parsing": "« {input} » n'est pas une date AAAA-MM-JJ",
    "date_from_datetime_inexact": "date sans heure attendue (AAAA-MM-JJ)",
    "list_type": "liste attendue",
    "too_long": "liste trop longue (au plus {max_length} éléments)",
    "too_short": "liste trop courte (au moins {min_length} éléments)",
    "dict_type": "objet JSON attendu",
    "model_type": "objet JSON attendu",
    "model_attributes_type": "objet JSON attendu",
    "json_invalid": "JSON invalide : {error}",
    "literal_type": "valeur refusée",
}


def french(err: dict[str, Any]) -> str:
    """One pydantic error dict → a French sentence (custom ``ValueError`` messages kept as is)."""
    kind = err.get("type", "")
    if kind in ("value_error", "assertion_error"):
        return str(err.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    template = _TEMPLATES.get(kind)
    if template is None:
        return str(err.get("msg", ""))
    ctx = dict(err.get("ctx") or {})
    value = err.get("input")
    ctx["input"] = value if isinstance(value, (str, int, float)) else "valeur"
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " ou ")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return str(err.get("msg", ""))


def french_errors(errors: list[dict[str, Any]], skip: tuple[str, ...] = ()) -> str:
    parts = []
    for err in errors:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in skip) or "données"
        parts.append(f"{where} : {french(err)}")
    return "; ".join(parts)
