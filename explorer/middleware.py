"""Middleware of the explorer."""

from django.utils.cache import patch_cache_control


class NoStoreForSignedInMiddleware:
    """`Cache-Control: no-store, private` on every answer to a signed-in user, unless the view chose one.

    Pages, fragments and downloads of a signed-in user can hold CRM answers or secrets; neither the
    browser's cache (back button on a shared computer) nor a proxy may keep a copy. Static files never
    get here (WhiteNoise answers them earlier) and anonymous pages (sign-in, the sandbox API) are left
    as they are; views decorated with never_cache set their own, stricter header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response
