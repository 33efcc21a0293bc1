from django import forms

from workaloud.audience import Audience, circle_ids_of
from workaloud.circles.models import Circle
from workaloud.goals.models import Goal
from workaloud.responses.models import ResponseKind
from workaloud.work.models import WorkUpdate
from workaloud.work.services import UPDATE_FIELDS

CIRCLE_PREFIX = f"{Audience.CIRCLE.value}:"


def circle_choice(circle_id: int) -> str:
    """The audience choice that shares with one circle: ``circle:<id>``."""
    return f"{CIRCLE_PREFIX}{circle_id}"


def circles_to_share_with(author, update: WorkUpdate | None = None) -> list[Circle]:
    """The circles the share form offers: the author's current circles that still take
    updates, and the circle the update is in already (to keep it there while editing)."""
    circles = Circle.objects.filter(pk__in=circle_ids_of(author)).exclude(
        status=Circle.Status.FINISHED
    )
    if update is not None and update.circle_id is not None:
        circles = circles | Circle.objects.filter(pk=update.circle_id)
    return list(circles.order_by("starts_on", "id"))


class UpdateForm(forms.ModelForm):
    """Share or edit an update. The audience offers one "My circle" choice per circle the
    author is in (``circle:<id>``); the form hands the service ``audience`` and ``circle``."""

    audience = forms.CharField(label="Who can see it", widget=forms.Select)

    class Meta:
        model = WorkUpdate
        fields = [f for f in UPDATE_FIELDS if f != "circle"]
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
        # The campaign tag ("Share your answer" on a campaign's prompt) travels hidden.
        self.fields["campaign"].widget = forms.HiddenInput()
        self.fields["campaign"].error_messages["invalid_choice"] = "That is not a campaign."
        self.fields["campaign_day"].widget = forms.HiddenInput()
        update = self.instance if self.instance.pk else None
        self.circles = {c.pk: c for c in circles_to_share_with(author, update)}
        choices = []
        for value, label in Audience.choices:
            if value != Audience.CIRCLE:
                choices.append((value, label))
                continue
            for circle in self.circles.values():
                finished = " (finished)" if circle.status == Circle.Status.FINISHED else ""
                choices.append((circle_choice(circle.pk), f"{label}: {circle.title}{finished}"))
        # An update whose circle was deleted stays its author's alone until they choose again.
        self.orphaned = update is not None and update.audience == Audience.CIRCLE
        self.orphaned = self.orphaned and update.circle_id is None
        if self.orphaned:
            choices.insert(0, (Audience.CIRCLE.value, "My circle (deleted since): only me"))
        self.fields["audience"].widget.choices = choices
        if update is not None and update.audience == Audience.CIRCLE and update.circle_id:
            self.initial["audience"] = circle_choice(update.circle_id)
        elif update is not None:
            self.initial["audience"] = update.audience
        self.initial.setdefault("audience", Audience.COMMUNITY.value)

    @property
    def offers_circles(self) -> bool:
        return bool(self.circles)

    def clean_audience(self) -> str:
        value = self.cleaned_data["audience"]
        self.circle = None
        if value in Audience.values and value != Audience.CIRCLE:
            return value
        if value == Audience.CIRCLE and self.orphaned and not self.data.get("circle"):
            return value
        if value != Audience.CIRCLE and not value.startswith(CIRCLE_PREFIX):
            raise forms.ValidationError(
                f"Select a valid choice. {value} is not one of the available choices."
            )
        if not self.circles:
            raise forms.ValidationError(
                f"You are in no circle at the moment, so “{Audience.CIRCLE.label}” is not open "
                "to you."
            )
        circle_id = value.removeprefix(CIRCLE_PREFIX) if value != Audience.CIRCLE else ""
        circle_id = circle_id or self.data.get("circle", "")
        if not circle_id and len(self.circles) == 1:
            circle_id = str(next(iter(self.circles)))
        if not circle_id:
            raise forms.ValidationError("Choose which of your circles to share it with.")
        circle = self.circles.get(int(circle_id)) if circle_id.isdigit() else None
        if circle is None:
            raise forms.ValidationError("That is not one of your circles.")
        self.circle = circle
        return Audience.CIRCLE.value

    def clean(self):
        cleaned = super().clean()
        cleaned["circle"] = getattr(self, "circle", None)
        return cleaned

    def audience_for(self, audience: str, circle_id: str | None) -> str | None:
        """The audience choice for ``?audience=…&circle=…``, if the form offers it."""
        if audience == Audience.CIRCLE and circle_id and circle_id.isdigit():
            if int(circle_id) in self.circles:
                return circle_choice(int(circle_id))
            return None
        return audience if audience in Audience.values and audience != Audience.CIRCLE else None


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
