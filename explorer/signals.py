"""Signal receivers of the explorer, connected in ExplorerConfig.ready() (models import no services)."""

from django.contrib.auth.signals import user_logged_in

from .accounts.services import user_onboard


def onboard_on_login(sender, request, user, **kwargs):
    # Every sign-in path (login form, invite, admin, force_login) must leave the user ready to work.
    user_onboard(user=user)


def connect() -> None:
    user_logged_in.connect(onboard_on_login, dispatch_uid="explorer.onboard_on_login")
