"""Application errors raised by services and caught by views and commands (message + extra)."""


class ExplorerError(Exception):
    def __init__(self, message: str, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class EndpointRefusedError(ExplorerError):
    """The endpoint is not on ONOFFICE_ALLOWED_URLS; nothing was sent."""
