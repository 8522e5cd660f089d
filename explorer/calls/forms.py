"""The history's filter form (GET): every value checked, a bad one explained and left out."""

from __future__ import annotations

from django import forms

from ..onoffice.actions import ActionKind
from .models import CallLog
from .selectors import HistoryFilters


class HistoryFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search",
                        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off",
                                                      "placeholder": "Identifier, resource type, parameter or error"}))
    status = forms.ChoiceField(required=False, choices=[("", "Any status"), *CallLog.Status.choices])
    resourcetype = forms.CharField(required=False, max_length=100, label="Resource type",
                                   widget=forms.TextInput(attrs={"list": "resource-types", "autocomplete": "off",
                                                                 "class": "mono", "placeholder": "any"}))
    action = forms.ChoiceField(required=False, choices=[("", "Any action"), *((k.value, k.value) for k in ActionKind)])
    credential = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Credential")
    member = forms.ChoiceField(required=False, label="Member")
    origin = forms.ChoiceField(required=False, choices=[("", "Sent by people"), *CallLog.Origin.choices])
    since = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    automatic = forms.BooleanField(required=False, label="Include automatic calls (field configuration, tests)")

    def __init__(self, data, *, credentials, members):
        super().__init__(data)
        self.fields["credential"].choices = [("", "Any credential"), *((c.pk, c.label) for c in credentials)]
        self.fields["member"].choices = [("", "Anyone"), *((m, m) for m in members)]

    def filters(self) -> HistoryFilters:
        """The valid values; an invalid field counts as not set (its error is shown beside it)."""
        self.is_valid()
        values = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        if values.get("since") and values.get("until") and values["since"] > values["until"]:
            self.add_error("until", "“until” is before “since”.")
            values.pop("until")
        return HistoryFilters(**{k: v for k, v in values.items() if v not in (None, "")})
