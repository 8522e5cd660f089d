"""Full-text search over the call log: SQLite's FTS5 (an external-content table kept in step with
`search_text` by triggers, so every write path is covered) or a PostgreSQL GIN index on its tsvector.
Rows from before get their search text from their actions and error texts first."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE explorer_calllog_fts USING fts5(search_text, content='explorer_calllog', "
    "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER explorer_calllog_fts_insert AFTER INSERT ON explorer_calllog BEGIN "
    "INSERT INTO explorer_calllog_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER explorer_calllog_fts_delete AFTER DELETE ON explorer_calllog BEGIN "
    "INSERT INTO explorer_calllog_fts(explorer_calllog_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER explorer_calllog_fts_update AFTER UPDATE OF search_text ON explorer_calllog BEGIN "
    "INSERT INTO explorer_calllog_fts(explorer_calllog_fts, rowid, search_text) "
    "VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO explorer_calllog_fts(rowid, search_text) VALUES (new.id, new.search_text); END",
    "INSERT INTO explorer_calllog_fts(explorer_calllog_fts) VALUES ('rebuild')",
]
SQLITE_DOWN = ["DROP TRIGGER explorer_calllog_fts_update", "DROP TRIGGER explorer_calllog_fts_delete",
               "DROP TRIGGER explorer_calllog_fts_insert", "DROP TABLE explorer_calllog_fts"]
POSTGRES_UP = ["CREATE INDEX calllog_search_gin ON explorer_calllog USING gin (to_tsvector('simple', search_text))"]
POSTGRES_DOWN = ["DROP INDEX calllog_search_gin"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


def backfill(apps, schema_editor):
    from explorer.calls.search import action_keys, search_text

    CallLog = apps.get_model("explorer", "CallLog")
    for log in CallLog.objects.filter(search_text="").only("id", "actions", "error_text").iterator(chunk_size=2000):
        CallLog.objects.filter(pk=log.pk).update(action_keys=action_keys(log.actions),
                                                 search_text=search_text(log.actions, log.error_text))


class Migration(migrations.Migration):
    dependencies = [("explorer", "0005_history")]
    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RunPython(_run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
                             _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN})),
    ]
