from django import forms

from workaloud.goals.models import Goal


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "why", "target_date", "status", "audience"]
        widgets = {
            "title": forms.TextInput(
                attrs={"placeholder": "Run a monthly demo day for the data team"}
            ),
            "why": forms.Textarea(attrs={"rows": 3}),
            "target_date": forms.DateInput(attrs={"type": "date"}),
        }
