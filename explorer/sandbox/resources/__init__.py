"""Resource handlers of the sandbox, registered per (resourcetype, action kind).

A handler takes a Context and returns (records, cntabsolute) or raises ApiError. Anything not
registered answers 25 "Missing configuration for resourceType", the API's own error for a resource type
it has no configuration for.
"""

from __future__ import annotations

from ..protocol import ApiError, Context
from .registry import HANDLERS


def dispatch(ctx: Context) -> tuple[list[dict], int | None]:
    handler = HANDLERS.get((ctx.action.resourcetype, ctx.action.kind))
    if handler is None:
        raise ApiError(25, ctx.action.resourcetype)
    return handler(ctx)


# Importing the modules registers their handlers.
from . import activities, calendar, catalogue, distinct, files, info, records, relations, search  # noqa: E402, F401
