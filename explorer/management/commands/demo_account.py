"""`manage.py demo_account`: with DEBUG on, a ready account for local demos; with DEBUG off, nothing."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_USERNAME = "demo"
# Known on purpose: it only exists on development servers (DEBUG on), which listen on 127.0.0.1.
DEMO_PASSWORD = "demo-explorer"


class Command(BaseCommand):
    help = "Create or reset the demo account (DEBUG only; idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            return
        user, created = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        self.stdout.write(
            f"Demo account: sign in at http://127.0.0.1:{settings.PORT}/accounts/login/ as "
            f"“{DEMO_USERNAME}” with password “{DEMO_PASSWORD}” (DEBUG only; it comes with a sandbox credential)."
        )
