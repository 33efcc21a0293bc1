from django import forms

from workaloud.introductions.models import NOTE_MAX_LENGTH


class IntroductionForm(forms.Form):
    first = forms.CharField(
        label="Introduce",
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": "username", "list": "people-list"}),
    )
    second = forms.CharField(
        label="to",
        max_length=150,
        widget=forms.TextInput(attrs={"placeholder": "username", "list": "people-list"}),
    )
    note = forms.CharField(
        label="Why they should meet",
        min_length=3,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "You both work on onboarding new engineers…"}
        ),
    )
