"""The observatory's faces: perimeters as territories, indicator answers, CSV, open-data export.

Shared by the CLI (``vigie indicateurs|comparer|classement|perimetre|publier``) and the API
(``/api/v1/indicateurs``, ``/comparaison``, ``/classements``, ``/perimetres``); the figures
themselves come from ``vigie_industrie.indicators`` (marts computed at build time).
"""
