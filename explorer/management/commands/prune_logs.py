"""`manage.py prune_logs [--days N]`: delete call-log rows older than LOG_RETENTION_DAYS (default 90)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from explorer.calls.services import call_log_prune


class Command(BaseCommand):
    help = "Delete call-log rows older than --days (default: LOG_RETENTION_DAYS), in batches."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help=f"keep this many days (default LOG_RETENTION_DAYS={settings.LOG_RETENTION_DAYS})")

    def handle(self, *args, days=None, **options):
        days = settings.LOG_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError("--days must be at least 1 (the rows of today are never pruned).")
        removed = call_log_prune(days=days)
        self.stdout.write(f"Removed {removed} call-log row{'s' * (removed != 1)} older than {days} days.")
