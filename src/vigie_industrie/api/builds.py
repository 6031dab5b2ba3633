"""Where the API builds what it has not memoised: a few builds at a time, beside the event loop.

Why: a memoised fiche is answered on the event loop in about a millisecond, and a miss (a commune's
fiche, never warmed: 13 warehouse reads, ~40 ms) is built in a worker thread. Sent to the default
thread pool (40 threads), up to 40 builds ran at once on a 2-core machine; each holds the GIL
between its DuckDB reads, and the event loop waited its turn behind all of them: with one request
in six for a commune, the warmed fiches' p95 was 165 ms (median 65 ms). Held to four builds at a time,
a burst of cold requests queues behind itself and the memoised answers still go out at once: 22 ms
p95 in the same load (``benchmarks/results/fiche_load_communes.json``).
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from typing import Any, Callable

import anyio.to_thread

# Per process, not per core: the bound is the process's one GIL. A few builds let one build's
# Python (under the GIL) overlap another's DuckDB reads (the GIL released). Measured on 2 cores,
# 50 clients, one request in six for a commune: 2 builders gave the warmed fiches 11 ms p95 and 22
# commune fiches/s, 4 builders 22 ms and 25/s, the 40 threads of the default pool 165 ms and 29/s.
BUILDERS = 4

_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = weakref.WeakKeyDictionary()


def _limiter() -> anyio.CapacityLimiter:
    """This event loop's limiter (one per loop: a test client runs each app in a loop of its own)."""
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.CapacityLimiter(BUILDERS)
    return limiter


async def run(func: Callable[..., Any], *args: Any) -> Any:
    """``func(*args)`` in a worker thread, at most ``BUILDERS`` at a time."""
    return await anyio.to_thread.run_sync(functools.partial(func, *args), limiter=_limiter())
