"""The saved-requests parts of the composer page: the save bar and the sidebar list.

Template tags, so that the composer renders them without importing this package (saved builds on the
composer, not the other way round).
"""

import re
from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timesince import timesince

from . import selectors

register = template.Library()


def save_bar_context(*, request, workspace, saved=None, saved_can_edit=False) -> dict:
    """What the save bar shows; also rendered alone (`save-bar`) after an update."""
    home = saved.workspace if saved else workspace
    return {"request": request, "saved_request": saved, "saved_can_edit": saved_can_edit, "workspace": home,
            "folders": selectors.folder_list(user=request.user, workspace=home) if home else [],
            "can_save": home is not None and selectors.can_edit(home)}


@register.inclusion_tag("explorer/saved/save_bar.html", takes_context=True)
def save_bar(context):
    return save_bar_context(request=context["request"], workspace=context.get("current_workspace"),
                            saved=context.get("saved_request"), saved_can_edit=context.get("saved_can_edit", False))


@register.inclusion_tag("explorer/saved/sidebar.html", takes_context=True)
def saved_sidebar(context):
    request, workspace = context["request"], context.get("current_workspace")
    requests = list(selectors.saved_request_list(user=request.user, workspace=workspace)) if workspace else []
    groups: dict[str, list] = {}
    for saved in requests:
        groups.setdefault(saved.folder.name if saved.folder else "", []).append(saved)
    open_id = getattr(context.get("saved_request"), "pk", None)
    return {"groups": sorted(groups.items(), key=lambda g: (g[0] == "", g[0].lower())), "count": len(requests),
            "open_id": open_id, "current_workspace": workspace}


_CODE = re.compile(r"`([^`\n]+)`")


@register.filter
def inline_code(text: str) -> SafeString:
    """`name` in a description becomes <code>name</code>; everything else is escaped."""
    return mark_safe(_CODE.sub(lambda m: f"<code>{m.group(1)}</code>", escape(text)))  # escaped before marking


@register.filter
def ago(moment) -> str:
    """"just now" for the first minute, else "5 minutes ago" (timesince)."""
    if moment is None:
        return ""
    return "just now" if timezone.now() - moment < timedelta(minutes=1) else f"{timesince(moment)} ago"
