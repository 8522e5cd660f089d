"""Storage of the sandbox: records as JSON rows, relations, and one data version per module.

Reads never query these tables row by row: `store` keeps each module decoded in memory and reloads
it only when the module's DataVersion changed (another process wrote, or `seed_demo --reset` ran).
"""

from django.db import models


class Record(models.Model):
    """One record of a module (estate, address, agentslog, task, searchcriteria) as JSON text.

    Text rather than JSONField: the store decodes a whole module in a single json.loads call.
    """

    module = models.CharField(max_length=32)
    record_id = models.PositiveBigIntegerField()
    data = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["module", "record_id"], name="sandbox_record_unique")]

    def __str__(self):
        return f"{self.module} {self.record_id}"


class Relation(models.Model):
    relationtype = models.CharField(max_length=120)
    parent_id = models.PositiveBigIntegerField()
    child_id = models.PositiveBigIntegerField()
    info = models.TextField(blank=True, default="")  # relationinfo as JSON, "" when none

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["relationtype", "parent_id", "child_id"], name="sandbox_relation_unique")
        ]

    def __str__(self):
        return f"{self.relationtype} {self.parent_id}->{self.child_id}"


class DataVersion(models.Model):
    """A random token per module, replaced on every write: the in-process caches compare it."""

    module = models.CharField(max_length=32, primary_key=True)
    version = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.module}@{self.version}"


class SeedInfo(models.Model):
    """What `seed_demo` last generated (a single row), so a repeated run can tell it has nothing to do."""

    estates = models.PositiveIntegerField()
    addresses = models.PositiveIntegerField()
    generator = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.estates} estates, {self.addresses} addresses (generator {self.generator})"


class FaultMode(models.Model):
    """A fault switched on for one API user (faults.py); no row means the user is answered normally."""

    api_user = models.CharField(max_length=64, primary_key=True)  # the name in users.py, stable across resets
    kind = models.CharField(max_length=16)
    code = models.PositiveIntegerField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True)
    set_by = models.CharField(max_length=150, blank=True, default="")  # who switched it on, for the banner
    since = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.api_user}: {self.kind}"
