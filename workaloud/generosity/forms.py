from django import forms

from workaloud.generosity.models import NOTE_MAX_LENGTH

MAX_ID = 2**63 - 1


class ThanksForm(forms.Form):
    """Thanks for one response or one update, with an optional note."""

    response_id = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    update_id = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    note = forms.CharField(
        required=False,
        max_length=NOTE_MAX_LENGTH,
        label="A note (optional)",
        widget=forms.TextInput(attrs={"placeholder": "What helped? (optional)"}),
    )
