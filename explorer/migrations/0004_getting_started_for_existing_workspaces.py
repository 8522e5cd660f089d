"""Workspaces made before saved requests existed get the Getting started folder once (new ones get it
when they are created, explorer/signals.py)."""

from django.db import migrations
from django.utils import timezone


def install(apps, schema_editor):
    from explorer.saved.onboarding import GETTING_STARTED, GETTING_STARTED_FOLDER

    Workspace = apps.get_model("explorer", "Workspace")
    Folder = apps.get_model("explorer", "Folder")
    SavedRequest = apps.get_model("explorer", "SavedRequest")
    WorkspaceVariable = apps.get_model("explorer", "WorkspaceVariable")
    now = timezone.now()
    defaults = {k: v for item in GETTING_STARTED for k, v in item.variables.items()}
    for workspace in Workspace.objects.all():
        folder, created = Folder.objects.get_or_create(workspace=workspace, name=GETTING_STARTED_FOLDER)
        if not created:
            continue
        SavedRequest.objects.bulk_create(
            SavedRequest(workspace=workspace, folder=folder, name=item.name, description=item.description,
                         actions=[dict(a) for a in item.actions], endpoint_kind="sandbox",
                         expected_errorcode=item.expect_error, created_at=now, updated_at=now)
            for item in GETTING_STARTED)
        for name, value in defaults.items():
            WorkspaceVariable.objects.get_or_create(workspace=workspace, name=name, defaults={"value": value})


class Migration(migrations.Migration):
    dependencies = [("explorer", "0003_saved_requests")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
