"""What every full page's frame needs: the navigation and the user's workspaces with the current one."""

from __future__ import annotations

from django.conf import settings

from .accounts.selectors import workspace_current, workspace_list, workspace_pick
from .sandbox import faults as sandbox_faults

WORKSPACE_SESSION_KEY = "workspace_id"

NAVIGATION = (("Compose", "/compose/"), ("Saved", "/saved/"), ("History", "/history/"),
              ("Jobs", "/jobs/"), ("Credentials", "/credentials/"), ("Workspaces", "/workspaces/"))


def frame_context(request) -> dict:
    """Header data: the user's workspaces, the current one, the navigation, and the sandbox faults switched on
    (every page shows them as a banner: they change what anyone gets from those API users)."""
    user = request.user
    if not user.is_authenticated:
        return {"navigation": []}
    navigation = [{"label": label, "path": path, "current": request.path.startswith(path)}
                  for label, path in NAVIGATION]
    workspaces = list(workspace_list(user=user))
    current = workspace_pick(workspaces, user=user, workspace_id=request.session.get(WORKSPACE_SESSION_KEY))
    return {"navigation": navigation, "workspaces": workspaces, "current_workspace": current,
            "sandbox_faults": sandbox_faults.fault_list() if settings.SANDBOX_ENABLED else []}


def current_workspace(request):
    """The workspace chosen with the switcher, while the user still belongs to it; else their personal one."""
    return workspace_current(user=request.user, workspace_id=request.session.get(WORKSPACE_SESSION_KEY))
