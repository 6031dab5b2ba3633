"""The analytical warehouse: DuckDB built from sources by SQL models (raw → staging → marts)."""
