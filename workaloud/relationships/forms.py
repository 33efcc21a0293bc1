from django import forms

from workaloud.relationships import model, queries


class RelationshipFilterForm(forms.Form):
    """The list's filters, from the query string; unknown values are errors, not 500s."""

    q = forms.CharField(required=False, max_length=100, label="Name")
    team = forms.CharField(required=False, max_length=80)
    stage = forms.TypedChoiceField(
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "Any stage")] + [(s, f"{s} · {n}") for s, n in model.STAGE_NAMES.items()],
    )
    goal = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, choices=[])
    bridges = forms.BooleanField(required=False, label="Only weak ties that bridge")
    sort = forms.ChoiceField(required=False, choices=list(queries.SORTS.items()))
    page = forms.IntegerField(required=False, min_value=1, max_value=100_000)

    def __init__(self, data, *, goals, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["goal"].choices = [("", "Any goal")] + [(g.pk, g.title) for g in goals]

    def filters(self) -> queries.Filters:
        d = self.cleaned_data
        return queries.Filters(
            goal=d["goal"],
            team=d["team"],
            stage=d["stage"],
            q=d["q"],
            bridges=d["bridges"],
            sort=d["sort"] or "strength",
        )
