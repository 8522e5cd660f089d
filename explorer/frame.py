"""What every full page's frame needs: the navigation and the user's workspaces with the current one."""

from __future__ import annotations

from .accounts.selectors import workspace_current, workspace_list, workspace_pick

WORKSPACE_SESSION_KEY = "workspace_id"

NAVIGATION = (("Compose", "/compose/"), ("Saved", "/saved/"), ("History", "/history/"),
              ("Credentials", "/credentials/"), ("Workspaces", "/workspaces/"))


def frame_context(request) -> dict:
    """Header data: the user's workspaces, the current one, and the navigation."""
    user = request.user
    if not user.is_authenticated:
        return {"navigation": []}
    navigation = [{"label": label, "path": path, "current": request.path.startswith(path)}
                  for label, path in NAVIGATION]
    workspaces = list(workspace_list(user=user))
    current = workspace_pick(workspaces, user=user, workspace_id=request.session.get(WORKSPACE_SESSION_KEY))
    return {"navigation": navigation, "workspaces": workspaces, "current_workspace": current}


def current_workspace(request):
    """The workspace chosen with the switcher, while the user still belongs to it; else their personal one."""
    return workspace_current(user=request.user, workspace_id=request.session.get(WORKSPACE_SESSION_KEY))
