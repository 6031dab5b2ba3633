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
    "finite_number": "nombre fini attendu (ni NaN ni Infinity)",
    "float_type": "nombre attendu",
    "float_parsing": "« {input} » n'est pas un nombre",
    "int_from_float": "nombre entier attendu (sans décimales)",
    "string_unicode": "texte Unicode valide attendu",
    "datetime_type": "date et heure attendues (AAAA-MM-JJTHH:MM:SS)",
    "datetime_parsing": "« {input} » n'est pas une date et heure AAAA-MM-JJTHH:MM:SS",
    "json_type": "texte JSON attendu",
    "url_parsing": "« {input} » n'est pas une adresse web",
    "multiple_of": "doit être un multiple de {multiple_of}",
    "none_required": "aucune valeur attendue (null)",
    "union_tag_invalid": "variante inconnue",
    "dict_attributes_type": "objet JSON attendu",
    "recursion_loop": "structure récursive refusée",
    "set_type": "liste sans doublon attendue",
    "tuple_type": "liste attendue",
    "uuid_type": "identifiant UUID attendu",
    "uuid_parsing": "« {input} » n'est pas un identifiant UUID",
}


def french(err: dict[str, Any]) -> str:
    """One pydantic error dict → a French sentence (custom ``ValueError`` messages kept as is)."""
    kind = err.get("type", "")
    if kind in ("value_error", "assertion_error"):
        return str(err.get("msg", "")).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    template = _TEMPLATES.get(kind)
    if template is None:  # never pydantic's English to a user: a French sentence naming the rule
        return f"valeur refusée (règle {kind or 'inconnue'})"
    ctx = dict(err.get("ctx") or {})
    value = err.get("input")
    ctx["input"] = value if isinstance(value, (str, int, float)) else "valeur"
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " ou ")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return f"valeur refusée (règle {kind})"


def french_errors(errors: list[dict[str, Any]], skip: tuple[str, ...] = ()) -> str:
    parts = []
    for err in errors:
        where = ".".join(str(p) for p in err.get("loc", ()) if p not in skip) or "données"
        parts.append(f"{where} : {french(err)}")
    return "; ".join(parts)
