from django import forms

from workaloud.imports.models import name_validator
from workaloud.imports.readers import FORMATS

FORMAT_LABELS = {
    "slack": "Slack workspace export (.zip)",
    "plain": "Plain format (CSV or JSON Lines)",
    "mastodon": "Mastodon archive",
    "mbox": "Mailing list (mbox)",
    "stackexchange": "Stack Exchange data dump",
}


class ImportForm(forms.Form):
    format = forms.ChoiceField(choices=[(f, FORMAT_LABELS.get(f, f)) for f in FORMATS])
    name = forms.CharField(
        max_length=26,
        validators=[name_validator],
        help_text="Names this source, e.g. <code>acme-slack</code>. Importing again under the "
        "same name adds only what is new.",
    )
    file = forms.FileField(help_text="The export, as the other tool wrote it.")
    mapping = forms.CharField(
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "U024BE7LH, maya\nann@old.example, ann"}
        ),
        help_text="Who is who, one per line: the identity in the export (id, username or "
        "email), a comma, the member's username. People are also matched by email.",
    )
    mapping_file = forms.FileField(required=False, help_text="Or the same as a CSV file.")
    skip_bad_rows = forms.BooleanField(
        required=False, help_text="Import the rest and list the rows that could not be read."
    )
    with_text = forms.BooleanField(
        required=False,
        label="Also keep message text",
        help_text="Off by default. Kept text is shown to its author alone, never to anyone else.",
    )
    include_list_mail = forms.BooleanField(
        required=False,
        label="Mail: also count mail sent to mailing lists",
        help_text="Off by default: a list's recipients are not people the sender wrote to "
        "(replies within a list thread always count).",
    )
    include_automated_mail = forms.BooleanField(
        required=False,
        label="Mail: also count automated mail",
        help_text="Off by default: auto-replies, bulk and no-reply mail are nobody's act.",
    )


class InviteForm(forms.Form):
    email = forms.EmailField()


class MergeForm(forms.Form):
    into = forms.CharField(label="Member's username", max_length=30)


class ClaimForm(forms.Form):
    username = forms.CharField(max_length=30)
    display_name = forms.CharField(max_length=80, required=False)
    password = forms.CharField(widget=forms.PasswordInput)
