from django import forms

from workaloud.goals.models import Goal
from workaloud.responses.models import ResponseKind
from workaloud.work.models import WorkUpdate
from workaloud.work.services import UPDATE_FIELDS


class UpdateForm(forms.ModelForm):
    class Meta:
        model = WorkUpdate
        fields = list(UPDATE_FIELDS)
        widgets = {
            "body": forms.Textarea(
                attrs={
                    "rows": 6,
                    "placeholder": "What are you working on? Share it while it's unfinished.",
                }
            ),
            "why_it_matters": forms.Textarea(attrs={"rows": 2}),
            "who_for": forms.Textarea(attrs={"rows": 2}),
            "whats_next": forms.Textarea(attrs={"rows": 2}),
            "ask": forms.Textarea(
                attrs={"rows": 2, "placeholder": "e.g. Has anyone run a survey like this?"}
            ),
        }
        labels = {"body": "What are you working on?", "ask": "What would help? (your ask)"}

    def __init__(self, *args, author, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(owner=author, status=Goal.Status.ACTIVE)
        self.fields["goal"].empty_label = "No goal"
        self.fields["goal"].error_messages["invalid_choice"] = (
            "That is not one of your active goals."
        )


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(choices=ResponseKind.choices, initial=ResponseKind.COMMENT)
    body = forms.CharField(
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": "Ask a question, offer help, encourage, say thanks…"}
        ),
        max_length=5000,
        label="Your response",
    )
    parent_id = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ResolveAskForm(forms.Form):
    helpers = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Who helped?",
        help_text="They will be credited and told.",
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["helpers"].choices = [(str(p.pk), p.name) for p in candidates]
