"""Page-or-fragment rendering: a view answers a full page or the inline partial htmx asks for.

A view names the inline partials it can answer with; the fragment is rendered only for an htmx request
that is neither boosted nor a history restore and whose HX-Target is one of them. Everything else gets
the full page, so every URL works on a plain GET, on reload and on back/forward.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.decorators import login_required as django_login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.http import HttpResponseClientRedirect

from .frame import frame_context


def _htmx_fragment_request(request):
    """The request's htmx details when it may be answered with a fragment (not boosted, not a history restore)."""
    htmx = getattr(request, "htmx", None)
    if not htmx or htmx.boosted or htmx.history_restore_request:
        return None
    return htmx


def fragment_target(request, fragments: Iterable[str]) -> str | None:
    """The partial to render instead of the page, or None for a full page."""
    htmx = _htmx_fragment_request(request)
    return htmx.target if htmx and htmx.target in fragments else None


def fragment_index(request, prefix: str) -> int | None:
    """For numbered fragment ids (`result-0`, `result-1`, ...): the number htmx targets, else None."""
    htmx = _htmx_fragment_request(request)
    if not htmx or not (htmx.target or "").startswith(prefix):
        return None
    number = htmx.target.removeprefix(prefix)
    return int(number) if number.isdigit() else None


def page_render(request, template_name: str, context: dict | None = None, *, fragments: Iterable[str] = (),
                partial: str | None = None, status: int | None = None) -> TemplateResponse:
    """The full page, or its inline partial named after the DOM id htmx targets; toasts ride along out of band.

    `partial` names the fragment outright, for numbered ids the view has matched with fragment_index.
    """
    context = context or {}
    target = partial or fragment_target(request, fragments)
    if target:
        response = TemplateResponse(request, f"{template_name}#{target}", context, status=status)
        response.add_post_render_callback(lambda rendered: _append_toasts(request, rendered))
    else:
        response = TemplateResponse(request, template_name, context | frame_context(request), status=status)
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def _append_toasts(request, response) -> None:
    if not list(get_messages(request)):
        return
    toasts = render_to_string("includes/toasts.html", {"oob": True}, request=request)
    response.content = response.content + toasts.encode()


def login_required(view):
    """Django's login_required; an htmx request is sent to the sign-in page as a whole page, not into a fragment."""
    protected = django_login_required(view)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.htmx and not request.user.is_authenticated:
            next_path = request.htmx.current_url_abs_path or request.get_full_path()
            return HttpResponseClientRedirect(redirect_to_login(next_path).url)
        return protected(request, *args, **kwargs)

    return wrapper


def safe_next(request, default: str) -> str:
    """The `next` parameter (POST, else GET) when it is a safe local path, else `default`.

    Safe: starts with exactly one "/", holds no backslash, whitespace or control character, and Django's
    own check finds no scheme or other host in it. A bare word ("compose"), "//host", "/\\host",
    "https://…" or "javascript:…" gives the default, so a redirect never leaves this site and never
    fails (`redirect` would take a bare word for a URL name and raise NoReverseMatch). Pages put
    `request.get_full_path()` here, which is already percent-encoded, so no good path is refused.
    """
    url = request.POST.get("next") or request.GET.get("next") or ""
    if (
        not url.startswith("/")
        or url.startswith("//")
        or "\\" in url
        or any(char.isspace() or not char.isprintable() for char in url)
        or not url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure())
    ):
        return default
    return url
