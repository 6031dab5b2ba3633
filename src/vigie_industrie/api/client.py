"""Who the client is: the TCP peer, unless a configured reverse proxy vouches for another address.

Why: uvicorn believes ``X-Forwarded-For`` from 127.0.0.1 by default, so any local client (or
anything reaching the app through an unconfigured proxy) could rotate that header and escape
the login rate limit, and the access log recorded the spoofed addresses. Forwarded headers
are trusted only from ``VIGIE_TRUSTED_PROXIES`` (IPs or CIDR networks, comma-separated; empty
by default: the peer address is the client). `vigie serve` passes :func:`uvicorn_options` to
uvicorn; uvicorn's own ProxyHeadersMiddleware then takes the right-most untrusted address.
"""

from __future__ import annotations

import ipaddress

from fastapi import Request

from vigie_industrie import errors
from vigie_industrie.config import Settings


def trusted_proxies(settings: Settings) -> list[str]:
    """The configured proxies, each checked (a typo must not silently trust nothing, or everything)."""
    out = []
    for item in (p.strip() for p in settings.trusted_proxies.split(",")):
        if not item:
            continue
        if item == "*":
            raise errors.ValidationFailed(
                "VIGIE_TRUSTED_PROXIES=* ferait croire n'importe quel client sur parole : indiquez les adresses "
                "de vos proxys (ex. 10.0.0.5,10.1.0.0/16)."
            )
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError as exc:
            raise errors.ValidationFailed(
                f"VIGIE_TRUSTED_PROXIES : « {item} » n'est ni une adresse IP ni un réseau CIDR (ex. 10.0.0.5,10.1.0.0/16)."
            ) from exc
        out.append(item)
    return out


def uvicorn_options(settings: Settings) -> dict:
    """``proxy_headers`` / ``forwarded_allow_ips`` for uvicorn: off unless proxies are configured."""
    proxies = trusted_proxies(settings)
    return {"proxy_headers": bool(proxies), "forwarded_allow_ips": ",".join(proxies) if proxies else None}


def client_address(request: Request) -> str:
    return request.client.host if request.client else "inconnu"
