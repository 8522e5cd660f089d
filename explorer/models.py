"""The app's models, registered under the `explorer` label; each lives in its feature package."""

from .accounts.models import Credential, Invite, Membership, Workspace, WorkspaceVariable
from .calls.models import CallLog
from .composer.models import TourDismissal, VariableMemory
from .jobs.models import FetchJob
from .saved.models import Folder, SavedRequest

__all__ = ["CallLog", "Credential", "FetchJob", "Folder", "Invite", "Membership", "SavedRequest", "TourDismissal",
           "VariableMemory", "Workspace", "WorkspaceVariable"]
