"""Junk in every account, credential and workspace form and query: a message or a refusal, never a 500."""

import pytest

pytestmark = pytest.mark.django_db

JUNK = ["", "abc", "-1", "9" * 30, "ü" * 5000, "[" * 1000, "<script>", "\x00"]


def test_forms_and_queries_survive_junk(team, client_for):
    client = client_for(team.alice)
    ws = team.workspace.pk
    for value in JUNK:
        posts = [
            ("/credentials/new/", {"label": value, "token": value, "secret": value, "api_url": value, "hmac_version": value}),
            ("/workspaces/", {"name": value}),
            ("/workspaces/switch/", {"workspace": value, "next": value}),
            (f"/workspaces/{ws}/invites/", {"role": value}),
            ("/accounts/password/", {"old_password": value, "new_password1": value, "new_password2": value}),
        ]
        for url, data in posts:
            r = client.post_form(url, data)
            assert r.status_code < 500, (url, value[:10], r.status_code)
        for url in (f"/history/?before={value[:50]}", f"/compose/?n={value[:50]}&cred={value[:50]}"):
            r = client.get(url)
            assert r.status_code < 500, (url, r.status_code)
