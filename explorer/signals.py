"""Signal receivers of the explorer, connected in ExplorerConfig.ready() (models import no services)."""

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save

from .accounts.models import Workspace
from .accounts.services import user_onboard
from .saved.services import onboarding_install


def onboard_on_login(sender, request, user, **kwargs):
    # Every sign-in path (login form, invite, admin, force_login) must leave the user ready to work.
    user_onboard(user=user)


def getting_started_for_new_workspace(sender, instance, created, raw=False, **kwargs):
    # Personal and team workspaces alike start with the Getting started folder; loaddata (raw) does not.
    if created and not raw:
        onboarding_install(workspace=instance)


def connect() -> None:
    user_logged_in.connect(onboard_on_login, dispatch_uid="explorer.onboard_on_login")
    post_save.connect(getting_started_for_new_workspace, sender=Workspace,
                      dispatch_uid="explorer.getting_started_for_new_workspace")
