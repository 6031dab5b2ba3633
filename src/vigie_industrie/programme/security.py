"""Passwords (Argon2id), opaque tokens and the login rate limiter.

Tokens are random 256-bit strings; only their SHA-256 is stored, so a leaked database
does not leak sessions. The same token serves as API bearer token and as web session
cookie (``vigie_session``, HttpOnly, SameSite=Lax). Disabling a user invalidates its
tokens at once (checked on every request).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from collections import deque
from datetime import datetime, timedelta, timezone

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_TTL = timedelta(hours=12)
COOKIE_NAME = "vigie_session"
_hasher = PasswordHasher()
# Verified when the email is unknown, so timing does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("vigie-dummy-password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def new_token() -> tuple[str, str, datetime]:
    """(token, sha256 to store, expiry)."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token), datetime.now(timezone.utc) + TOKEN_TTL


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


class RateLimiter:
    """In-process sliding window: at most ``limit`` attempts per ``window`` seconds per key.

    Good for one process (``vigie serve``); behind several workers, put the limit in the
    reverse proxy as well (documented in docs/programme.md).
    """

    def __init__(self, limit: int = 10, window: float = 60.0, clock=time.monotonic):
        self.limit = limit
        self.window = window
        self._clock = clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str) -> int:
        """Record an attempt; return 0 if allowed, else seconds to wait."""
        now = self._clock()
        with self._lock:
            q = self._hits.setdefault(key, deque())
            while q and q[0] <= now - self.window:
                q.popleft()
            if len(q) >= self.limit:
                return max(1, int(q[0] + self.window - now) + 1)
            q.append(now)
            if len(self._hits) > 10_000:  # bound memory under a spray of keys
                self._hits = {k: v for k, v in self._hits.items() if v and v[-1] > now - self.window}
            return 0
