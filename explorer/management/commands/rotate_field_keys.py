"""`manage.py rotate_field_keys`: re-encrypt every stored secret with the first FIELD_ENCRYPTION_KEYS key.

Reads and writes the stored column directly: values are re-wrapped by MultiFernet.rotate, so no
plaintext passes through this command. Idempotent; safe to run again after an interruption.

A value that no configured key opens is reported by model, primary key and field (never the value) and
left as it is; the others are still re-encrypted, and the command then exits with status 1.
"""

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import TextField, Value
from django.db.models.functions import Cast

from explorer.accounts.crypto import CredentialDecryptError, EncryptedTextField, FieldKeyError, reencrypt

BATCH_SIZE = 500


class Command(BaseCommand):
    help = ("Re-encrypt all encrypted fields with the first key of FIELD_ENCRYPTION_KEYS; values no key opens "
            "are reported and skipped (exit status 1).")

    def handle(self, *args, **options):
        rotated = current = 0
        self.unreadable = []  # (model label, pk, field name)
        try:
            for model in apps.get_models():
                names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
                if names:
                    model_rotated, model_current = self._rotate_model(model, names)
                    rotated += model_rotated
                    current += model_current
        except FieldKeyError as exc:  # the keys themselves are unusable: nothing can be done
            raise CommandError(exc.message) from None
        self.stdout.write(f"Re-encrypted {rotated} value(s); {current} already used the first key.")
        if self.unreadable:
            for label, pk, name in self.unreadable:
                self.stderr.write(f"Cannot open {label} pk={pk} field {name}: left as it is.")
            raise CommandError(
                f"{len(self.unreadable)} value(s) could not be decrypted with any key in FIELD_ENCRYPTION_KEYS "
                "(listed above): add the key they were encrypted with and run again, or have their owners "
                "re-enter those credentials."
            )
        if rotated or current:
            self.stdout.write("Once every server runs with the new key first, remove the old key from "
                              "FIELD_ENCRYPTION_KEYS.")

    def _rotate_model(self, model, names):
        rotated = current = 0
        raw = {f"raw_{name}": Cast(name, TextField()) for name in names}
        rows = model._base_manager.order_by("pk").annotate(**raw).values("pk", *raw)
        last_pk = None
        while True:
            batch = list((rows if last_pk is None else rows.filter(pk__gt=last_pk))[:BATCH_SIZE])
            if not batch:
                return rotated, current
            with transaction.atomic():
                for row in batch:
                    changes = {}
                    for name in names:
                        stored = row[f"raw_{name}"]
                        if stored is None:
                            continue
                        try:
                            new = reencrypt(stored)
                        except CredentialDecryptError:
                            self.unreadable.append((model._meta.label, row["pk"], name))
                            continue
                        if new is None:
                            current += 1
                        else:
                            # An expression is written as is, bypassing the field's encryption.
                            changes[name] = Value(new, output_field=TextField())
                    if changes:
                        model._base_manager.filter(pk=row["pk"]).update(**changes)
                        rotated += len(changes)
            last_pk = batch[-1]["pk"]
