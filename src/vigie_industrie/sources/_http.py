"""One HTTP session for every download: timeout, retries with back-off, a clear user agent.

Tests never reach the network: they pass ``offline=True`` or a fake session to ``pull``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from vigie_industrie import __version__, errors

TIMEOUT = (10, 120)  # connect, read (seconds)
USER_AGENT = f"vigie-industrie/{__version__} (+https://github.com/vigie-industrie; données ouvertes)"


def session(retries: int = 3) -> requests.Session:
    """A ``requests.Session`` retrying idempotent requests on 429/5xx and connection errors."""
    s = requests.Session()
    retry = Retry(
        total=retries,
        backoff_factor=1.0,
        status_forcelist=(429, 500, 502, 503, 504),
        allowed_methods=frozenset({"GET", "HEAD"}),
        raise_on_status=False,
    )
    adapter = HTTPAdapter(max_retries=retry)
    s.mount("https://", adapter)
    s.mount("http://", adapter)
    s.headers["User-Agent"] = USER_AGENT
    return s


def download(http: requests.Session, url: str, dest_dir: Path, *, label: str) -> Path:
    """Stream ``url`` into a temporary file inside ``dest_dir`` and return its path.

    The caller moves it into place (``os.replace``) after validation, or deletes it.
    ``label`` names the source and file in error messages.
    """
    dest_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=".download-", suffix=".part", dir=dest_dir)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            with http.get(url, stream=True, timeout=TIMEOUT) as response:
                if response.status_code != 200:
                    raise errors.SourceDownloadFailed(
                        f"{label} : le serveur a répondu HTTP {response.status_code} pour {url}. "
                        "L'adresse a peut-être changé : vérifiez la page de l'éditeur et corrigez le catalogue, "
                        "ou utilisez le miroir (`--mirror DIR`)."
                    )
                for chunk in response.iter_content(chunk_size=1 << 20):
                    out.write(chunk)
    except requests.RequestException as exc:
        tmp.unlink(missing_ok=True)
        raise errors.SourceDownloadFailed(
            f"{label} : téléchargement impossible depuis {url} ({type(exc).__name__}). "
            "Vérifiez la connexion ou utilisez le miroir (`--mirror DIR`, `--offline`)."
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp
