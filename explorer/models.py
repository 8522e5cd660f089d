"""The app's models, registered under the `explorer` label; each lives in its feature package."""

from .accounts.models import Credential, Invite, Membership, Workspace
from .calls.models import CallLog

__all__ = ["CallLog", "Credential", "Invite", "Membership", "Workspace"]
