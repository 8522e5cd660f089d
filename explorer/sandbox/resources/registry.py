from __future__ import annotations

from collections.abc import Callable

from explorer.onoffice.actions import ActionKind

from ..protocol import Context

Handler = Callable[[Context], tuple[list[dict], "int | None"]]
HANDLERS: dict[tuple[str, ActionKind], Handler] = {}


def handles(resourcetype: str, *kinds: ActionKind):
    def register(func: Handler) -> Handler:
        for kind in kinds:
            HANDLERS[(resourcetype, kind)] = func
        return func
    return register
