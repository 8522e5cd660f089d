"""The frame every page shares, the security headers, and the page-or-fragment rule: every URL gives a full
page, and a fragment only to an htmx request that targets it."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES = ["/credentials/", "/credentials/new/", "/workspaces/", "/accounts/password/"]


@pytest.fixture
def alice_client(make_user, client_for):
    return client_for(make_user("alice"))


@pytest.mark.parametrize("url", PAGES)
def test_pages_have_the_frame(alice_client, url):
    page = alice_client.get(url).text
    assert 'class="brand"' in page and "onOffice API Explorer" in page
    assert 'id="workspace-switcher"' in page and ">Personal (personal)</option>" in page
    assert 'href="/credentials/"' in page and 'href="/workspaces/"' in page
    sign_out = r'<form method="post" action="/accounts/logout/">\s*<input type="hidden" name="csrfmiddlewaretoken"'
    assert re.search(sign_out, page)
    assert 'href="/accounts/password/"' in page
    assert '<div id="toasts" class="toasts" aria-live="polite">' in page
    assert "data-theme-toggle" in page


@pytest.mark.parametrize("url", [*PAGES, "/accounts/login/"])
def test_no_inline_scripts_or_styles_and_strict_headers(client_for, make_user, url):
    client = client_for() if url == "/accounts/login/" else client_for(make_user("alice"))
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "unsafe" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    page = response.text
    for script in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in script, f"inline script on {url}: {script}"
    assert all(not body.strip() for body in re.findall(r"<script\b[^>]*>(.*?)</script>", page, re.S))
    assert " style=" not in page and "<style" not in page
    assert not re.search(r"\son[a-z]+=", page), "inline event handler"
    assert '"allowEval": false' in page and '"includeIndicatorStyles": false' in page


def test_current_page_is_marked(alice_client):
    page = alice_client.get("/workspaces/").text
    assert '<a href="/workspaces/" aria-current="page">Workspaces</a>' in page
    assert '<a href="/saved/">Saved</a>' in page  # linked, not marked current


def test_fragment_only_for_a_matching_htmx_target(alice_client):
    plain = alice_client.get("/credentials/")
    assert "<html" in plain.text and plain["Vary"].count("HX-Request")
    fragment = alice_client.get("/credentials/", headers={"HX-Request": "true", "HX-Target": "credential-list"})
    assert fragment.text.lstrip().startswith('<div id="credential-list"') and "<html" not in fragment.text
    for headers in ({"HX-Request": "true", "HX-Target": "something-else"},
                    {"HX-Request": "true", "HX-Target": "credential-list", "HX-Boosted": "true"},
                    {"HX-Request": "true", "HX-Target": "credential-list", "HX-History-Restore-Request": "true"}):
        assert "<html" in alice_client.get("/credentials/", headers=headers).text, headers


def test_htmx_post_without_csrf_header_is_refused_and_with_it_accepted(alice_client, settings):
    data = {"label": "x", "token": "a" * 32, "secret": "b" * 64, "api_url": settings.ONOFFICE_ALLOWED_URLS[0],
            "hmac_version": "2"}
    refused = alice_client.post("/credentials/new/", data, headers={"HX-Request": "true"})
    assert refused.status_code == 403
    page = alice_client.get("/credentials/new/").text
    token = re.search(r"hx-headers='\{\"x-csrftoken\": \"([^\"]+)\"\}'", page).group(1)
    accepted = alice_client.post("/credentials/new/", data, headers={"HX-Request": "true", "X-CSRFToken": token,
                                                                     "HX-Target": "credential-form"})
    assert accepted.status_code == 200 and accepted["HX-Redirect"] == "/credentials/"


def test_messages_reach_the_toast_region_on_full_pages(alice_client, settings):
    data = {"label": "x", "token": "a" * 32, "secret": "b" * 64, "api_url": settings.ONOFFICE_ALLOWED_URLS[0],
            "hmac_version": "2"}
    page = alice_client.post_form("/credentials/new/", data, follow=True).text
    assert re.search(r'<div id="toasts"[^>]*>\s*<div class="toast toast-success"><span>Saved “x”', page)


def test_error_pages_are_plain(alice_client):
    response = alice_client.get("/credentials/987654/")
    assert response.status_code == 404
    assert "belongs to someone else" in response.text
