from django import forms

from workaloud.reflection.models import ENTRY_MAX, Rhythm


class RhythmForm(forms.Form):
    rhythm = forms.ChoiceField(
        label="How often would you like a prompt?",
        choices=Rhythm.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a rhythm.",
            "invalid_choice": "Choose a rhythm: daily, weekly, every two weeks, or off.",
        },
    )


class EntryForm(forms.Form):
    text = forms.CharField(
        label="Your reflection",
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=ENTRY_MAX,
        strip=True,
        error_messages={
            "required": "Write something in your entry; it is empty.",
            "max_length": f"An entry holds at most {ENTRY_MAX:,} characters; "
            "this one has %(show_value)s.",
        },
    )
    written_on = forms.DateField(
        label="Date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Give the date as YYYY-MM-DD."},
    )
    prompt = forms.CharField(required=False, widget=forms.HiddenInput, max_length=100)


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
