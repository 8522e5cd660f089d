"""`manage.py seed_demo [--reset] [--estates N] [--addresses N]`: the sandbox's German demo data."""

import time

from django.core.management.base import BaseCommand, CommandError

from explorer.sandbox.demo import DEFAULT_ADDRESSES, DEFAULT_ESTATES
from explorer.sandbox.seeding import SeedMismatch, seed


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Load the sandbox demo data (deterministic). Does nothing when it is already loaded; "
        "--reset restores pristine data after writes through the API."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete all sandbox data and seed afresh.")
        parser.add_argument("--estates", type=_positive, help=f"Number of estates (default {DEFAULT_ESTATES}).")
        parser.add_argument("--addresses", type=_positive, help=f"Number of addresses (default {DEFAULT_ADDRESSES}).")

    def handle(self, *args, reset=False, estates=None, addresses=None, **options):
        started = time.monotonic()
        try:
            result = seed(estates, addresses, reset=reset)
        except SeedMismatch as exc:
            raise CommandError(str(exc)) from None
        if result.outdated:
            self.stdout.write(self.style.WARNING(
                "Sandbox demo data was made by an older version of seed_demo; `seed_demo --reset` refreshes it."))
        if not result.created:
            if options["verbosity"] > 1:
                self.stdout.write(f"Sandbox demo data already present ({result.estates} estates, "
                                  f"{result.addresses} addresses); nothing to do.")
            return
        self.stdout.write(self.style.SUCCESS(
            f"Sandbox demo data: {result.estates} estates, {result.addresses} addresses, {result.records} records "
            f"and {result.relations} relations in {time.monotonic() - started:.1f} s."
        ))
