"""Login rate limit behind `vigie serve` (issue 12 item 4): X-Forwarded-For is believed only from
configured proxies, the limit holds per account too, the access log names the real peer."""

from __future__ import annotations

import logging
import socket
import threading
import time

import httpx
import pytest
import uvicorn

from vigie_industrie.cli import main



def _serve_options(monkeypatch) -> dict:
    """The uvicorn options `vigie serve` passes (uvicorn.run captured, not started)."""
    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: seen.update(k))
    try:
        main(["serve", "--port", "1"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    return {k: v for k, v in seen.items() if k in ("proxy_headers", "forwarded_allow_ips")}


@pytest.fixture
def serve(env, monkeypatch):
    """Start the test app in uvicorn with exactly the proxy options of `vigie serve`."""
    servers = []

    def start(**env_vars) -> str:
        for k, v in env_vars.items():
            monkeypatch.setenv(k, v)
        options = _serve_options(monkeypatch)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        config = uvicorn.Config(env.app, host="127.0.0.1", port=port, log_config=None, log_level="info",
                                access_log=True, lifespan="off", **options)
        srv = uvicorn.Server(config)
        threading.Thread(target=srv.run, daemon=True).start()
        deadline = time.monotonic() + 10
        while not srv.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert srv.started
        servers.append(srv)
        return f"http://127.0.0.1:{port}"

    yield start
    for srv in servers:
        srv.should_exit = True


def _attempts(base: str, n: int, email: str = "admin@test.invalid") -> list[int]:
    with httpx.Client(timeout=30) as c:
        return [c.post(f"{base}/api/v1/auth/token", json={"email": email, "password": "faux-mot-de-passe"},
                       headers={"X-Forwarded-For": f"10.0.0.{i % 250 + 1}"}).status_code for i in range(n)]


def test_rotating_forwarded_for_does_not_escape_the_limit(serve, caplog):
    base = serve()
    with caplog.at_level(logging.INFO, logger="uvicorn.access"):
        statuses = _attempts(base, 40)
    assert statuses[:10] == [401] * 10 and set(statuses[10:]) == {429}
    peers = {r.args[0] for r in caplog.records if r.name == "uvicorn.access" and r.args}
    assert peers and all(p.startswith("127.0.0.1") for p in peers), peers


def test_per_account_limit_holds_even_through_a_trusted_proxy(serve):
    base = serve(VIGIE_TRUSTED_PROXIES="127.0.0.1")
    statuses = _attempts(base, 40)  # 40 distinct believed addresses, one account
    assert statuses[:20] == [401] * 20 and set(statuses[20:]) == {429}


def test_bad_trusted_proxies_setting_is_one_french_line(monkeypatch, capsys):
    monkeypatch.setenv("VIGIE_TRUSTED_PROXIES", "proxy.example")
    monkeypatch.setattr(uvicorn, "run", lambda *a, **k: None)
    with pytest.raises(SystemExit) as exc:
        main(["serve"])
    assert exc.value.code != 0 and "VIGIE_TRUSTED_PROXIES" in capsys.readouterr().err
