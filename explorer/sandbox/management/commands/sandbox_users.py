"""`manage.py sandbox_users [--json]`: the sandbox's API users (token, secret, rights, endpoint)."""

import json

from django.core.management.base import BaseCommand

from explorer.sandbox.users import api_endpoint, api_users


class Command(BaseCommand):
    help = "Show the sandbox API users with token, secret and rights (derived from SECRET_KEY)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help='Print [{"name","token","secret","rights","endpoint"}].')

    def handle(self, *args, **options):
        users = api_users()
        if options["json"]:
            endpoint = api_endpoint()  # every API user reaches the same endpoint; the token tells them apart
            self.stdout.write(json.dumps([u.as_dict() | {"endpoint": endpoint} for u in users], indent=2))
            return
        for user in users:
            self.stdout.write(f"{user.name:24} {user.rights:15} token {user.token}  secret {user.secret}")
