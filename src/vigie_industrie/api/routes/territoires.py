"""Territory reads from the warehouse."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/territoires", tags=["territoires"])
