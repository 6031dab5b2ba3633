"""Settings, built on demand (never at import) so tests and the CLI pass their own.

Environment variables carry the ``VIGIE_`` prefix: ``VIGIE_WAREHOUSE``,
``VIGIE_DATABASE_URL``, ``VIGIE_DATA_DIR``, ``VIGIE_MIRROR``, ``VIGIE_SECRET_KEY``, ``VIGIE_ENV``, ``VIGIE_TRUSTED_PROXIES``.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER_SECRET = "changeme-dev-only"


def default_mirror() -> Path | None:
    """``../shared/data`` beside the project checkout, when it exists."""
    candidate = PROJECT_ROOT.parent / "shared" / "data"
    return candidate if candidate.is_dir() else None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VIGIE_", extra="ignore")

    env: str = "dev"
    data_dir: Path = PROJECT_ROOT / "var" / "data"
    warehouse: Path = PROJECT_ROOT / "var" / "warehouse.duckdb"
    mirror: Path | None = None
    database_url: str = f"sqlite:///{PROJECT_ROOT / 'var' / 'vigie.db'}"
    secret_key: str = PLACEHOLDER_SECRET
    max_request_bytes: int = 5 * 1024 * 1024
    # Reverse proxies whose X-Forwarded-For is believed (IPs or CIDR, comma-separated); empty: none.
    trusted_proxies: str = ""
    # Seconds a write waits for another writer before the store answers « occupée » (503 / one line).
    store_busy_timeout: float = 10.0
    # Build every EPCI, Territoire d'industrie… fiche in the background at start (fiches/warm.py).
    warm_fiches: bool = False
    # « À traiter » and its e-mail digest (programme/a_traiter.py, programme/digest.py).
    a_traiter_jours: int = 60  # projects blocked for more than N days appear in « À traiter »
    base_url: str = "http://localhost:8000"  # address of the web app in the digest's links
    smtp_host: str | None = None  # no host: the digest is never sent (dry run only)
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "vigie-industrie@localhost"
    smtp_starttls: bool = True

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> "Settings":
        if self.env not in ("dev", "test") and self.secret_key == PLACEHOLDER_SECRET:
            raise ValueError(
                "VIGIE_SECRET_KEY doit être défini hors développement (VIGIE_ENV="
                f"{self.env}) : générez-en un avec `python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
            )
        return self

    def mirror_dir(self) -> Path | None:
        """The configured mirror, else ``../shared/data`` when present."""
        return self.mirror if self.mirror is not None else default_mirror()


@lru_cache
def get_settings() -> Settings:
    return Settings()
