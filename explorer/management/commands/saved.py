"""`manage.py saved export|import`: a workspace's saved requests as a file, and back.

    saved export --workspace ID [--format {json,postman}] [--output FILE] [--folder NAME]
    saved import FILE --workspace ID --user USERNAME      (FILE "-" reads stdin)

Exports carry no credential (saved requests never hold one). An import checks the whole file first and
writes nothing when anything is wrong; it acts as USERNAME, who must be an editor or owner of the workspace.
"""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from explorer.accounts.models import Workspace
from explorer.accounts.selectors import workspace_list
from explorer.errors import ExplorerError
from explorer.saved import transfer
from explorer.saved.selectors import can_edit


class Command(BaseCommand):
    help = "Export a workspace's saved requests (JSON or Postman collection v2.1), or import an export."

    def add_arguments(self, parser):
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="{export,import}")
        export = commands.add_parser("export", help="print or write a workspace's saved requests")
        export.add_argument("--workspace", type=int, required=True, help="id of the workspace")
        export.add_argument("--format", choices=["json", "postman"], default="json",
                            help="json: the explorer's own format (default); postman: a collection v2.1")
        export.add_argument("--output", help="write to this file instead of stdout")
        export.add_argument("--folder", help="only the saved requests of this folder (its name)")
        imports = commands.add_parser("import", help="add the saved requests of an export file to a workspace")
        imports.add_argument("file", help="an export in the explorer's JSON format ('-' reads stdin)")
        imports.add_argument("--workspace", type=int, required=True, help="id of the workspace to import into")
        imports.add_argument("--user", required=True, help="username the import acts as (an editor or owner)")

    def handle(self, *args, **options):
        if options["subcommand"] == "export":
            self._export(options)
        else:
            self._import(options)

    def _export(self, options):
        workspace = Workspace.objects.filter(pk=options["workspace"]).first()
        if workspace is None:
            raise CommandError(f"There is no workspace with id {options['workspace']}.")
        export = transfer.export_postman if options["format"] == "postman" else transfer.export_data
        try:
            data = export(workspace=workspace, folder=options["folder"])
        except ExplorerError as exc:
            raise CommandError(exc.message) from None
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        try:
            Path(options["output"]).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"Cannot write {options['output']}: {exc.strerror}.") from None
        count = len(data["requests"]) if options["format"] == "json" else _request_count(data)
        self.stdout.write(f"Wrote {count} saved request{'s' * (count != 1)} of “{workspace.name}” to "
                          f"{options['output']}.")

    def _import(self, options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"There is no user named {options['user']!r}.")
        workspace = workspace_list(user=user).filter(pk=options["workspace"]).first()
        if workspace is None:
            raise CommandError(f"{user.username} is not a member of a workspace with id {options['workspace']}.")
        if not can_edit(workspace):
            raise CommandError(f"{user.username} is a viewer in “{workspace.name}”: only editors and owners "
                               "import saved requests. Nothing was imported.")
        raw = self._read(options["file"])
        try:
            report = transfer.import_data(workspace=workspace, user=user, raw=raw)
        except ExplorerError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(report.message(workspace.name))

    def _read(self, name: str) -> bytes:
        if name == "-":
            return sys.stdin.buffer.read()
        try:
            return Path(name).read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {name}: {exc.strerror}.") from None


def _request_count(collection: dict) -> int:
    """The requests of a Postman collection (folders hold theirs one level down)."""
    return sum(len(item["item"]) if "item" in item else 1 for item in collection["item"])
