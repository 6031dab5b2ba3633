"""Memoise a lookup's outcome, errors included: an unknown or ambiguous name costs one
resolution per warehouse version, like a good one.

``functools.lru_cache`` stores only returned values, so clients sending unknown names made
every such request resolve again (10 of them took 40 normal readers' p95 from 98 to 493 ms,
issue 12). Only errors that depend on the query and the warehouse content alone are
cached; a missing or unreadable warehouse is not (it may be fixed without a new version).
"""

from __future__ import annotations

import copy
from functools import lru_cache, wraps

from vigie_industrie import errors

# Errors fixed by the query and the warehouse version: the same inputs give the same error.
LOOKUP_ERRORS: tuple[type[errors.VigieError], ...] = (
    errors.UnknownTerritory,
    errors.AmbiguousTerritory,
    errors.InvalidCode,
)


def memoize_outcomes(*, maxsize: int, cacheable: tuple[type[BaseException], ...] = LOOKUP_ERRORS):
    """``lru_cache`` that also caches the ``cacheable`` exceptions its function raises.

    A cached error is raised as a fresh copy without its old traceback, so concurrent callers
    never share one exception object and tracebacks do not grow with each hit.
    """

    def decorate(func):
        @lru_cache(maxsize=maxsize)
        def outcome(*args, **kwargs):
            try:
                return True, func(*args, **kwargs)
            except cacheable as exc:
                return False, exc.with_traceback(None)

        @wraps(func)
        def wrapper(*args, **kwargs):
            ok, value = outcome(*args, **kwargs)
            if ok:
                return value
            raise copy.copy(value).with_traceback(None)

        wrapper.cache_clear = outcome.cache_clear
        wrapper.cache_info = outcome.cache_info
        return wrapper

    return decorate
