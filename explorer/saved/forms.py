"""Forms of saved requests; folder choices come from the workspace the user works in."""

from __future__ import annotations

from django import forms

from .services import NAME_MAX

IMPORT_MAX_BYTES = 5 * 1024 * 1024


class FolderChoiceForm(forms.Form):
    folder = forms.ModelChoiceField(queryset=None, required=False, empty_label="No folder")

    def __init__(self, *args, folders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["folder"].queryset = folders


class SaveForm(FolderChoiceForm):
    name = forms.CharField(max_length=NAME_MAX, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    description = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="What the request shows or is for; teammates see it in the list.")
    field_order = ["name", "description", "folder"]


class FolderForm(forms.Form):
    name = forms.CharField(max_length=80, label="Folder name", widget=forms.TextInput(attrs={"autocomplete": "off"}))


class VariableForm(forms.Form):
    name = forms.CharField(max_length=64, widget=forms.TextInput(attrs={"autocomplete": "off", "class": "mono",
                                                                        "placeholder": "city"}))
    value = forms.CharField(max_length=2000, required=False, widget=forms.TextInput(attrs={"autocomplete": "off"}))


class ImportForm(forms.Form):
    file = forms.FileField(label="Export file (JSON)",
                           help_text="A file from “Export JSON” of this or another workspace.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(f"The file has {upload.size:,} bytes; an export holds at most "
                                        f"{IMPORT_MAX_BYTES // (1024 * 1024)} MB. Nothing was imported.")
        return upload
