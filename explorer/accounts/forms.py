"""Forms. Every choice list over user data is built from a selector for the requesting user."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.utils.html import format_html

from .models import Credential, Membership, endpoint_kind, endpoint_resolve
from .selectors import credential_list, workspace_list

TOKEN_LENGTH = 32
SECRET_LENGTH = 64
ENDPOINT_LABELS = {
    "stable": "onOffice stable",
    "latest": "onOffice latest (beta clients)",
    "sandbox": "This server's sandbox",
    "custom": "Allowlisted",
}


def endpoint_choices() -> list[tuple[str, str]]:
    """The allowlist (ONOFFICE_ALLOWED_URLS) as choices; the sandbox only while it is served."""
    choices = []
    for url in settings.ONOFFICE_ALLOWED_URLS:
        kind = endpoint_kind(url)
        if kind == "sandbox" and not settings.SANDBOX_ENABLED:
            continue
        choices.append((url, f"{ENDPOINT_LABELS[kind]}: {url}"))
    return choices


class SecretInput(forms.PasswordInput):
    """Never renders a value back (write-only) and keeps browsers from offering saved passwords."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "new-password", "spellcheck": "false", "autocapitalize": "off",
                          "class": "mono"} | (attrs or {}), render_value=False)


class CredentialForm(forms.Form):
    # autocomplete off: browsers would take the label for a username and offer saved logins.
    label = forms.CharField(max_length=80, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    token = forms.CharField(required=False, strip=True, widget=SecretInput(),
                            help_text="32 characters, from Extras › Settings › User › API user in onOffice enterprise.")
    secret = forms.CharField(required=False, strip=True, widget=SecretInput(),
                             help_text="64 characters; onOffice shows it only once when it is generated.")
    api_url = forms.ChoiceField(label="Endpoint")
    hmac_version = forms.TypedChoiceField(label="HMAC version", coerce=int, initial=2,
                                          choices=[(2, "2 (HMAC-SHA256, recommended)"), (1, "1 (legacy MD5)")])
    read_only = forms.BooleanField(required=False, label="Read-only (the composer refuses write actions)")

    def __init__(self, *args, user, credential: Credential | None = None, **kwargs):
        self.user = user
        self.credential = credential
        if credential is not None:
            # A sandbox URL saved under another port is shown as this server's sandbox, so it stays chosen.
            kwargs.setdefault("initial", {"label": credential.label, "api_url": endpoint_resolve(credential.api_url),
                                          "hmac_version": credential.hmac_version,
                                          "read_only": credential.read_only})
        super().__init__(*args, **kwargs)
        self.fields["api_url"].choices = endpoint_choices()
        if credential is None:
            self.fields["token"].required = True
            self.fields["secret"].required = True
        else:
            self.fields["token"].help_text = format_html("Set, ends …{}. Leave empty to keep it.",
                                                         credential.token_hint)
            self.fields["secret"].help_text = "Set. Leave empty to keep it; it is never shown again."

    def clean_label(self):
        label = self.cleaned_data["label"]
        others = credential_list(user=self.user).filter(label=label)
        if self.credential is not None:
            others = others.exclude(pk=self.credential.pk)
        if others.exists():
            raise forms.ValidationError("You already have a credential with this label.")
        return label

    def clean(self):
        cleaned = super().clean()
        token, secret = cleaned.get("token") or "", cleaned.get("secret") or ""
        # Lengths only, never the values: messages are rendered back into the page.
        if len(token) == SECRET_LENGTH and len(secret) == TOKEN_LENGTH:
            self.add_error(None, "Token and secret look swapped: the token has 32 characters and the secret 64 "
                                 "(onOffice FAQ, Access tokens). Put each into the other field.")
            return cleaned
        swap_hints = {("token", SECRET_LENGTH): " That is the length of a secret: are token and secret swapped?",
                      ("secret", TOKEN_LENGTH): " That is the length of a token: are token and secret swapped?"}
        for name, value, expected in (("token", token, TOKEN_LENGTH), ("secret", secret, SECRET_LENGTH)):
            if value and len(value) != expected:
                self.add_error(name, f"The {name} has {expected} characters; this one has {len(value)}."
                                     + swap_hints.get((name, len(value)), " Check for a copy mistake."))
            elif name == "token" and value and not value.isalnum():
                self.add_error(name, "A token has only letters and digits (onOffice FAQ); copy it again.")
            elif any(ch.isspace() for ch in value):
                self.add_error(name, f"The {name} contains spaces or line breaks; copy it again.")
        return cleaned


class WorkspaceCreateForm(forms.Form):
    name = forms.CharField(max_length=80, label="Team workspace name")


class InviteCreateForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.EDITOR)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(choices=Membership.Role.choices)


class WorkspaceSwitchForm(forms.Form):
    # `next` (where to go afterwards) is read with explorer/htmx.py's safe_next, not as a form field.
    workspace = forms.ModelChoiceField(queryset=None, empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workspace"].queryset = workspace_list(user=user)


class SignUpForm(UserCreationForm):
    """Invite sign-up: Django's form (its password validators run), plus an e-mail address for resets."""

    email = forms.EmailField(required=False, help_text="Optional; only used to send a link when you forget "
                                                       "your password.")

    class Meta(UserCreationForm.Meta):
        fields = ("username", "email")
