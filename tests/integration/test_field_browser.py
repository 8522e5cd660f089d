"""The field browser `/fields/?cred=<id>&module=<module>` (`&format=csv`): every field of a module of the
user's own credential, from the sandbox over HTTP (live_server) and from the stub upstream for failures,
credential fallback and leaks."""

import csv
import io
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from explorer.accounts import services as account_services
from explorer.accounts.models import Credential
from explorer.sandbox import fieldconfig
from explorer.sandbox.seeding import seed
from tests import stub_upstream
from tests.integration.test_canary import assert_no_leak, response_text
from tests.integration.test_compose_views import FIELDS_ANSWER, answering
from tests.stub_upstream import StubUpstream

CSV_HEADER = "module,name,label,type,length,default,permitted_values"


# --- On the sandbox, over HTTP -------------------------------------------------------------------

@pytest.fixture
def sandbox(live_server, settings, transactional_db, make_user, client_for):
    """Alice, onboarded with the sandbox demo credential of the live server, and her signed-in client."""
    settings.SANDBOX_BASE_URL = live_server.url
    settings.ONOFFICE_ALLOWED_URLS = [settings.ONOFFICE_STABLE_URL, f"{live_server.url}/sandbox/api/stable/api.php"]
    seed(60, 150, reset=True)
    alice = make_user("alice")
    account_services.user_onboard(user=alice)
    credential = Credential.objects.get(user=alice)
    return client_for(alice), credential


def rows_of(html: str) -> list[str]:
    """The technical names of the listed fields, in page order."""
    return re.findall(r'<li class="fb-row" role="row" data-search="[^"]*" id="[^"]*">\s*'
                      r'<span role="cell" class="fb-label"[^>]*>[^<]*</span>\s*'
                      r'<span role="cell" class="fb-name"[^>]*><code>([^<]+)</code>', html)


def test_the_page_lists_every_estate_field_with_labels_types_and_values(sandbox):
    client, credential = sandbox
    response = client.get("/fields/")  # defaults: the first credential, the estate module
    html = response.content.decode()
    assert response.status_code == 200
    names = rows_of(html)
    assert names == list(fieldconfig.ESTATE)
    assert f"{len(fieldconfig.ESTATE)} fields" in html
    assert 'data-filter-list="fb-table"' in html and 'id="fb-table"' in html
    status = fieldconfig.ESTATE["status"]
    assert "<code>status</code>" in html and status.label[0] in html
    for key, (label, _) in status.values.items():
        assert f"<code>{key}</code> {label}" in html
    # Long lists of permitted values are collapsed.
    objektart = fieldconfig.ESTATE["objektart"]
    assert f"<summary>{len(objektart.values)} values</summary>" in html
    assert f'<option value="{credential.pk}" selected>' in html
    assert '<option value="estate" selected>' in html
    assert {"estate", "address", "agentsLog", "task"} <= set(re.findall(r'<option value="([A-Za-z]+)"', html))
    # Filters and dependencies come along with the configuration (kaufpreis only for sale, objekttyp by kind).
    assert '<span role="columnheader">Filters</span>' in html and '<span role="columnheader">Dependencies</span>' in html
    assert "vermarktungsarten" in html


def test_csv_has_the_header_and_one_row_per_estate_field(sandbox):
    client, credential = sandbox
    response = client.get(f"/fields/?cred={credential.pk}&module=estate&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="fields-estate.csv"'
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode("utf-8")
    assert text.splitlines()[0] == CSV_HEADER
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(fieldconfig.ESTATE)
    assert [r["name"] for r in rows] == list(fieldconfig.ESTATE)
    assert {r["module"] for r in rows} == {"estate"}
    status = next(r for r in rows if r["name"] == "status")
    assert status["permitted_values"] == "|".join(f"{k}={de}" for k, (de, _) in fieldconfig.ESTATE["status"].values.items())
    assert status["type"] == "singleselect"
    assert next(r for r in rows if r["name"] == "objektnr_extern")["length"] == str(fieldconfig.ESTATE["objektnr_extern"].length)
    # The page lists the same fields.
    assert rows_of(client.get(f"/fields/?cred={credential.pk}&module=estate").content.decode()) == [r["name"] for r in rows]


def test_switching_the_module_lists_that_modules_fields(sandbox):
    client, credential = sandbox
    html = client.get(f"/fields/?cred={credential.pk}&module=address").content.decode()
    assert rows_of(html) == list(fieldconfig.ADDRESS)
    assert '<option value="address" selected>' in html
    csv_text = client.get(f"/fields/?cred={credential.pk}&module=address&format=csv").content.decode()
    assert len(csv_text.splitlines()) == len(fieldconfig.ADDRESS) + 1
    # The composer's resource type names the agents-log module agentsLog; both spellings select it.
    for spelled in ("agentsLog", "agentslog"):
        assert rows_of(client.get(f"/fields/?module={spelled}").content.decode()) == list(fieldconfig.AGENTSLOG)


def test_fields_link_to_a_prefilled_composer(sandbox):
    client, credential = sandbox
    html = client.get(f"/fields/?cred={credential.pk}&module=estate").content.decode()
    links = [a.replace("&amp;", "&") for a in re.findall(r'href="(/compose/\?[^"]+)"', html)]
    data_link = next(link for link in links if "kaufpreis" in link and "data" in parse_qs(urlsplit(link).query)["0-params"][0])
    query = {k: v[0] for k, v in parse_qs(urlsplit(data_link).query).items()}
    assert query | {"0-params": json.loads(query["0-params"])} == {
        "n": "1", "0-rt": "estate", "0-act": "read", "0-params": {"data": ["kaufpreis"]}, "cred": str(credential.pk)}
    filter_link = next(link for link in links if "kaufpreis" in link and "filter" in link)
    params = json.loads(parse_qs(urlsplit(filter_link).query)["0-params"][0])
    assert params == {"filter": {"kaufpreis": [{"op": "=", "val": ""}]}}
    # The composer opens the link with the field chosen.
    composer = client.get(data_link).content.decode()
    assert "kaufpreis" in composer and 'id="composer"' in composer


def test_the_field_configuration_is_loaded_once_and_cached(sandbox):
    client, credential = sandbox
    client.get("/fields/")
    client.get("/fields/?format=csv")
    assert credential.call_logs.filter(origin="fields").count() == 1


# --- On the stub upstream: another user's credential, failures, leaks --------------------------

STUB_FIELDS = [name for name in FIELDS_ANSWER["estate"] if name != "label"]


@pytest.fixture
def stubbed(make_user, client_for, allow_stub):
    answering(allow_stub)
    alice = make_user("alice")
    credential = account_services.credential_create(user=alice, label="Live CRM", token=stub_upstream.TOKEN,
                                                    secret=stub_upstream.SECRET, api_url=allow_stub.url,
                                                    hmac_version=2, read_only=False)
    return client_for(alice), credential


@pytest.mark.django_db
def test_another_users_credential_falls_back_to_the_first_own_one(stubbed, make_user, allow_stub):
    client, credential = stubbed
    mallory = make_user("mallory")
    foreign = account_services.credential_create(user=mallory, label="Mallory's CRM", token=stub_upstream.TOKEN,
                                                 secret=stub_upstream.SECRET, api_url=allow_stub.url, hmac_version=2,
                                                 read_only=False)
    response = client.get(f"/fields/?cred={foreign.pk}&module=estate")
    html = response.content.decode()
    assert response.status_code == 200
    assert "not one of yours" in html and "“Live CRM”" in html
    assert "Mallory" not in html
    assert rows_of(html) == STUB_FIELDS
    assert not foreign.call_logs.exists() and credential.call_logs.exists()
    # The CSV falls back the same way: the user's own fields.
    csv_text = client.get(f"/fields/?cred={foreign.pk}&module=estate&format=csv").content.decode()
    assert csv_text.splitlines()[0] == CSV_HEADER and len(csv_text.splitlines()) == len(STUB_FIELDS) + 1


@pytest.mark.django_db
def test_an_unknown_module_falls_back_to_estate_and_says_so(stubbed):
    client, _ = stubbed
    html = client.get("/fields/?module=nonsense").content.decode()
    assert "There is no module “nonsense”" in html
    assert rows_of(html) == STUB_FIELDS


@pytest.mark.django_db
def test_an_api_error_is_explained_on_the_page_and_the_csv_is_502(make_user, client_for, allow_stub):
    alice = make_user("alice")
    # A secret the stub does not know: every action is refused with an HMAC error.
    wrong = account_services.credential_create(user=alice, label="Wrong secret", token=stub_upstream.TOKEN,
                                               secret="f" * 32, api_url=allow_stub.url, hmac_version=2,
                                               read_only=False)
    client = client_for(alice)  # also gets the working "Sandbox (demo)" credential, first by label
    response = client.get(f"/fields/?module=estate&cred={wrong.pk}")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="explain" role="alert"' in html and "could not be loaded" in html
    assert "Download CSV" not in html
    csv_response = client.get(f"/fields/?module=estate&format=csv&cred={wrong.pk}")
    assert csv_response.status_code == 502 and "could not be loaded" in csv_response.content.decode()


@pytest.mark.django_db
def test_without_a_credential_the_page_says_what_to_do(make_user, client_for):
    nobody = make_user("nobody")
    client = client_for(nobody)  # signing in adds the sandbox demo credential: remove it
    Credential.objects.filter(user=nobody).delete()
    response = client.get("/fields/")
    assert response.status_code == 200 and "Add a credential" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_are_sent_to_sign_in(client_for):
    response = client_for().get("/fields/?format=csv")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_page_and_csv_show_no_canary(make_user, client_for, canary, settings):
    with StubUpstream(token=canary["token"], secret=canary["secret"]) as upstream:
        settings.ONOFFICE_ALLOWED_URLS = [*settings.ONOFFICE_ALLOWED_URLS, upstream.url]
        answering(upstream)
        alice = make_user("alice")
        credential = account_services.credential_create(user=alice, label="Canary", api_url=upstream.url,
                                                        hmac_version=2, read_only=False, **canary)
        client = client_for(alice)
        for url in (f"/fields/?cred={credential.pk}", f"/fields/?cred={credential.pk}&module=estate&format=csv",
                    f"/fields/?cred={credential.pk}&module=address"):
            response = client.get(url)
            assert response.status_code in (200, 502), url
            assert_no_leak(response_text(response), canary, url)
        assert "kaufpreis" in response_text(client.get(f"/fields/?cred={credential.pk}&format=csv"))
