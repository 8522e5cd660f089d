"""`manage.py dumpdata`, Django's, without decrypting the encrypted fields it leaves out anyway.

EncryptedTextField (explorer/accounts/crypto.py) is not serialized, but Django's dumpdata still loads
every column, so a value no key in FIELD_ENCRYPTION_KEYS opens failed the whole dump. Here those fields
load undecrypted (as None) and are still left out: the dump holds no secret and no ciphertext.
"""

from django.core.management.commands import dumpdata

from explorer.accounts.crypto import decryption_skipped


class Command(dumpdata.Command):
    help = dumpdata.Command.help + " Encrypted fields (credential token and secret) are left out."

    def handle(self, *app_labels, **options):
        with decryption_skipped():
            return super().handle(*app_labels, **options)
