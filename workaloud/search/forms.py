from django import forms

from workaloud.work.models import Stage

KIND_CHOICES = [("", "All"), ("people", "People"), ("goals", "Goals"), ("updates", "Updates")]


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=200, label="Search words")
    kind = forms.ChoiceField(choices=KIND_CHOICES, required=False)
    team = forms.CharField(required=False, max_length=80)
    stage = forms.ChoiceField(choices=[("", "Any stage"), *Stage.choices], required=False)
    ask = forms.BooleanField(required=False, label="Has an open ask")
    since = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )

    FILTERS = ("team", "stage", "ask", "since", "until")

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "The end of the date range is before its start.")
        return data

    @property
    def filters_used(self) -> bool:
        return any(self.data.get(name) for name in self.FILTERS)
