"""The history as the team's audit log: scope per workspace, filters in the URL, full-text search, rows
never left pending, retention, and NUL characters stored the same way on every database."""

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from explorer.accounts import services as account_services
from explorer.calls import services as call_services
from explorer.calls.models import CallLog
from explorer.onoffice.actions import Action, ActionKind
from tests import stub_upstream

pytestmark = pytest.mark.django_db


def send(stub, user, workspace, *actions, origin="ui", credential=None):
    return call_services.call_perform(actions=list(actions), token=stub_upstream.TOKEN, secret=stub_upstream.SECRET,
                                      url=stub.url, origin=origin, user=user, workspace=workspace,
                                      credential=credential)


READ_ESTATE = Action(ActionKind.READ, "estate", identifier="for-sale-in-Köln", parameters={"data": ["Id", "ort"]})
CREATE_ADDRESS = Action(ActionKind.CREATE, "address", identifier="new-lead", parameters={"Name": "Mustermann"})


@pytest.fixture
def calls(team, allow_stub):
    credential = account_services.credential_create(user=team.eddie, label="Eddie live", token=stub_upstream.TOKEN,
                                                    secret=stub_upstream.SECRET, api_url=allow_stub.url,
                                                    hmac_version=2, read_only=False)
    send(allow_stub, team.alice, team.workspace, READ_ESTATE)
    send(allow_stub, team.eddie, team.workspace, CREATE_ADDRESS, credential=credential)
    send(allow_stub, team.eddie, team.workspace, Action(ActionKind.GET, "fields", identifier="field-cfg"),
         origin="fields")
    send(allow_stub, team.alice, team.alice.personal_workspace, Action(ActionKind.READ, "task", identifier="mine"))
    return credential


def history(client, workspace=None, **params):
    if workspace is not None:
        client.post_form("/workspaces/switch/", {"workspace": workspace.pk, "next": "/history/"})
    return client.get("/history/", params).text


def test_a_team_history_shows_every_members_calls_there_and_nothing_personal(team, calls, client_for):
    vera = client_for(team.vera)
    page = history(vera, team.workspace)
    assert "for-sale-in-Köln" in page and "new-lead" in page  # alice's and eddie's calls
    assert "“mine”" not in page  # alice's personal call stays hers
    assert "Eddie live" in page and "<td>eddie</td>" in page
    assert "field-cfg" not in page  # automatic calls hidden by default
    assert "field-cfg" in history(vera, automatic="on")


def test_the_personal_history_is_the_users_own(team, calls, client_for):
    page = history(client_for(team.alice))
    assert "“mine”" in page and "new-lead" not in page


def test_filters_combine_and_live_in_the_url(team, calls, client_for):
    client = client_for(team.olga)
    history(client, team.workspace)
    assert "new-lead" in history(client, action="create") and "for-sale" not in history(client, action="create")
    assert "for-sale" in history(client, resourcetype="estate") and "new-lead" not in history(client, resourcetype="estate")
    assert "new-lead" in history(client, member="eddie", resourcetype="address")
    assert "No call matches" in history(client, member="eddie", resourcetype="estate")
    assert "new-lead" in history(client, credential=calls.pk) and "for-sale" not in history(client, credential=calls.pk)
    today = timezone.localdate().isoformat()
    assert "new-lead" in history(client, since=today, until=today)
    assert "No call matches" in history(client, until=(timezone.localdate() - timedelta(days=2)).isoformat())


def test_full_text_search_finds_words_of_identifiers_parameters_and_errors(team, calls, client_for):
    client = client_for(team.olga)
    history(client, team.workspace)
    assert "for-sale-in-Köln" in history(client, q="koln")  # accents and case ignored
    assert "for-sale-in-Köln" in history(client, q="sal ort")  # every word, as the start of a word
    assert "new-lead" in history(client, q="Mustermann") and "for-sale" not in history(client, q="Mustermann")
    assert "No call matches" in history(client, q="nirgendwo")


def test_bad_filter_values_are_explained_not_a_500(team, calls, client_for):
    client = client_for(team.olga)
    history(client, team.workspace)
    page = history(client, since="yesterday", status="nope", credential="x", before="abc")
    assert "Enter a valid date." in page and "Select a valid choice." in page
    assert "new-lead" in page  # the valid rest still applies: nothing is filtered by the bad values


def test_the_filter_form_answers_htmx_with_the_list_fragment(team, calls, client_for):
    client = client_for(team.olga)
    history(client, team.workspace)
    fragment = client.get("/history/", {"q": "lead"}, headers={"HX-Request": "true", "HX-Target": "history-list"})
    assert fragment.text.lstrip().startswith('<div id="history-list"') and "new-lead" in fragment.text


def test_older_calls_keep_the_filters(team, allow_stub, client_for, settings):
    for i in range(55):
        send(allow_stub, team.alice, team.workspace, Action(ActionKind.READ, "estate", identifier=f"page-{i}"))
    client = client_for(team.alice)
    first = history(client, team.workspace, resourcetype="estate")
    assert "page-54" in first and "page-4\u201d" not in first
    older = first.split('href="?')[-1].split('"')[0].replace("&amp;", "&")
    assert "resourcetype=estate" in older and "before=" in older
    second = client.get(f"/history/?{older}").text
    assert "page-4\u201d" in second and "page-54" not in second


def test_a_row_left_pending_past_the_deadline_is_completed_as_interrupted(team, allow_stub, settings, client_for,
                                                                          monkeypatch):
    monkeypatch.setattr(call_services, "_next_sweep", 0.0)  # this process may have swept a moment ago
    stale = CallLog.objects.create(origin="ui", user=team.alice, workspace=team.workspace, endpoint=allow_stub.url,
                                   actions=[])
    CallLog.objects.filter(pk=stale.pk).update(started_at=timezone.now() - timedelta(seconds=settings.ONOFFICE_DEADLINE + 31))
    fresh = CallLog.objects.create(origin="ui", user=team.alice, endpoint=allow_stub.url, actions=[])
    send(allow_stub, team.alice, team.workspace, READ_ESTATE)  # the next write sweeps
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.status == "interrupted" and stale.finished_at and "interrupted" in stale.error_text
    assert fresh.status == "pending"  # still within its deadline
    assert "Interrupted" in history(client_for(team.alice), team.workspace)


def test_the_sweep_for_interrupted_rows_runs_once_per_interval_not_before_every_send(team, allow_stub, monkeypatch):
    sweeps = []
    monkeypatch.setattr(call_services, "call_log_sweep_interrupted", lambda: sweeps.append(1))
    monkeypatch.setattr(call_services, "_next_sweep", 0.0)
    for _ in range(3):
        send(allow_stub, team.alice, team.workspace, READ_ESTATE)
    assert len(sweeps) == 1
    monkeypatch.setattr(call_services, "_next_sweep", 0.0)  # the interval has passed
    send(allow_stub, team.alice, team.workspace, READ_ESTATE)
    assert len(sweeps) == 2


def test_prune_logs_removes_old_rows_in_batches_and_says_how_many(team, allow_stub, capsys, settings):
    for _ in range(3):
        send(allow_stub, team.alice, team.workspace, READ_ESTATE)
    old = list(CallLog.objects.values_list("pk", flat=True)[:2])
    CallLog.objects.filter(pk__in=old).update(started_at=timezone.now() - timedelta(days=91))
    call_command("prune_logs")
    assert "Removed 2 call-log rows older than 90 days." in capsys.readouterr().out
    assert CallLog.objects.count() == 1
    call_command("prune_logs", "--days", "1")
    assert "Removed 0 call-log rows" in capsys.readouterr().out
    assert call_services.call_log_prune(days=0, batch=1) == 1  # batches until nothing is left


def test_nul_characters_are_stored_as_a_visible_escape_in_requests_and_answers(team, allow_stub, client_for):
    allow_stub.mode = "fixed"
    allow_stub.fixed_body = b'{"status": {"errorcode": 1, "message": "bad\x00byte"}}'
    outcome = send(allow_stub, team.alice, team.workspace,
                   Action(ActionKind.READ, "estate", identifier="nul\x00here", parameters={"data": ["a\x00b"]}))
    log = CallLog.objects.get(pk=outcome.log.pk)
    assert log.status != "pending"
    assert log.actions[0]["identifier"] == "nul\\u0000here" and log.actions[0]["parameters"]["data"] == ["a\\u0000b"]
    assert "\x00" not in log.response_body and "\x00" not in log.error_text and "\x00" not in log.search_text
    page = client_for(team.alice).get(f"/history/{log.pk}/")
    assert page.status_code == 200 and json.dumps("nul\\u0000here")[1:-1] in page.text  # the request, as JSON


def test_search_text_is_kept_in_step_on_every_write(team, allow_stub):
    from django.db import connection

    outcome = send(allow_stub, team.alice, team.workspace, READ_ESTATE)
    if connection.vendor != "sqlite":
        pytest.skip("the FTS5 table is SQLite's; PostgreSQL indexes the column itself")
    with connection.cursor() as cursor:
        cursor.execute("SELECT rowid FROM explorer_calllog_fts WHERE explorer_calllog_fts MATCH ?", ['"koln"'])
        assert [row[0] for row in cursor.fetchall()] == [outcome.log.pk]
        CallLog.objects.filter(pk=outcome.log.pk).delete()
        cursor.execute("SELECT count(*) FROM explorer_calllog_fts WHERE explorer_calllog_fts MATCH ?", ['"koln"'])
        assert cursor.fetchone()[0] == 0


def test_the_overview_counts_per_day_errors_and_durations_from_the_rollups(team, allow_stub, client_for):
    from explorer.calls.overview import history_overview
    from explorer.calls.selectors import HistoryFilters

    send(allow_stub, team.alice, team.workspace, READ_ESTATE)
    send(allow_stub, team.alice, team.workspace, READ_ESTATE)
    allow_stub.mode = "fixed"
    allow_stub.fixed_body = json.dumps({"status": {"errorcode": 97, "message": "Error in action"}, "response": {
        "results": [{"actionid": ActionKind.CREATE.urn, "resourcetype": "address", "cacheable": False, "data": [],
                     "status": {"errorcode": 75, "message": "Unknown field"}}]}}).encode()
    send(allow_stub, team.eddie, team.workspace, CREATE_ADDRESS)
    workspace = team.workspace
    overview = history_overview(user=team.olga, workspace=workspace, filters=HistoryFilters())
    assert overview.total == 3 and sum(overview.per_day["ok"]) == 2 and sum(overview.per_day["api_error"]) == 1
    assert [(code, n) for code, n, _ in overview.errors] == [(75, 1)]
    assert {(kind, rt, n) for kind, rt, n, *_ in overview.durations} == {("read", "estate", 2), ("create", "address", 1)}
    only_reads = history_overview(user=team.olga, workspace=workspace, filters=HistoryFilters(action="read"))
    assert only_reads.total == 2
    searched = history_overview(user=team.olga, workspace=workspace, filters=HistoryFilters(q="mustermann"))
    assert searched.total == 1 and searched.sampled and searched.notes
    client = client_for(team.olga)
    page = history(client, team.workspace)
    assert "Most frequent errors" in page and "Unknown field" in page
    chart = client.get("/history/chart.svg?theme=dark&status=ok")
    assert chart.status_code == 200 and chart["Content-Type"].startswith("image/svg+xml")
    assert "<svg" in chart.text and "script-src" not in chart["Content-Security-Policy"]
    assert "default-src 'none'" in chart["Content-Security-Policy"]


def test_a_gzip_bomb_of_nul_bytes_is_cut_at_the_cap_and_its_row_completed(team, allow_stub):
    allow_stub.mode = "gzipbomb"
    started = timezone.now()
    outcome = send(allow_stub, team.alice, team.workspace, READ_ESTATE)
    log = CallLog.objects.get(pk=outcome.log.pk)
    assert log.status in ("transport_error", "format_error") and log.finished_at
    assert "larger than" in log.error_text or "not valid JSON" in log.error_text, log.error_text
    assert "\x00" not in log.response_body and len(log.response_body) <= 6 * 1024 * 1024
    assert (timezone.now() - started).total_seconds() < 10


def test_a_nul_typed_into_any_composer_input_gives_a_clear_answer_and_a_completed_row(team, allow_stub, client_for):
    from tests.integration.test_compose_views import answering

    answering(allow_stub)
    credential = account_services.credential_create(user=team.alice, label="Stub", token=stub_upstream.TOKEN,
                                                    secret=stub_upstream.SECRET, api_url=allow_stub.url,
                                                    hmac_version=2, read_only=False)
    client = client_for(team.alice)
    base = {"cred": credential.pk, "n": "1", "0-rt": "estate", "0-act": "read", "0-rid": "", "0-ident": "x",
            "0-params": '{"data": ["Id"]}'}
    nul = "a\x00b"
    for name, value in (("0-rt", f"estate{nul}"), ("0-act", f"read{nul}"), ("0-rid", nul), ("0-ident", nul),
                        ("0-params", '{"data": ["I\\u0000d"]}'), ("0-params", '{"data": ["Id"], "x\x00": 1}'),
                        ("var-city", nul), ("0-src", nul), ("0-f-field", nul), ("0-listlimit", nul)):
        before = CallLog.objects.count()
        for path, target in (("/compose/", "composer"), ("/compose/send/", "call-result")):
            response = client.post_htmx(path, base | {name: value}, target=target)
            assert response.status_code == 200, (name, path, response.status_code)
        assert not CallLog.objects.filter(status="pending").exists()
        for log in CallLog.objects.order_by("pk")[before:]:
            assert "\x00" not in json.dumps(log.actions) and log.finished_at, name


def test_a_large_answer_whose_whole_copy_is_elsewhere_is_explained_not_called_unexpected(team, allow_stub,
                                                                                        client_for):
    """With several processes on the local-memory cache, another process holds the whole answer: this one
    has only the log's first 1 MiB, which does not parse, and must say so rather than blame the API."""
    from django.core.cache import cache

    records = [{"id": i, "type": "estate", "elements": {"Id": str(i), "text": "x" * 1000}} for i in range(1500)]
    allow_stub.mode = "fixed"
    allow_stub.fixed_body = json.dumps({"status": {"errorcode": 0, "message": "OK"}, "response": {"results": [
        {"actionid": ActionKind.READ.urn, "resourceid": "", "resourcetype": "estate", "identifier": "", "cacheable": True,
         "data": {"meta": {"cntabsolute": 1500}, "records": records}, "status": {"errorcode": 0, "message": "OK"}}]}}
                                          ).encode()
    outcome = send(allow_stub, team.alice, team.workspace, Action(ActionKind.READ, "estate"))
    log = CallLog.objects.get(pk=outcome.log.pk)
    assert log.status == "ok" and log.response_truncated
    cache.clear()  # the whole copy lives in another process
    page = client_for(team.alice).get(f"/history/{log.pk}/").text
    assert "Only the first 1 MiB" in page and "Unexpected response" not in page
