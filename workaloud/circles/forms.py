"""Forms of the circle-forming pages. They only parse input; the rules live in
``workaloud.circles.forming``, which the API calls too."""

from django import forms

from workaloud.circles.forming import DAY_NAMES_LONG, HOURS_A_WEEK, LANGUAGES, open_rounds
from workaloud.circles.models import (
    CIRCLE_MAX_SIZE,
    CIRCLE_MIN_SIZE,
    Format,
    FormatPreference,
    Programme,
)
from workaloud.goals.models import Goal
from workaloud.people.models import known_timezones


def timezone_choices() -> list[tuple[str, str]]:
    return [("", "Choose a time zone…")] + [(tz, tz) for tz in sorted(known_timezones())]


class LanguagesField(forms.CharField):
    """Languages as typed: "English, German"; the service checks each name."""

    def to_python(self, value):
        value = super().to_python(value)
        return [part.strip() for part in value.split(",") if part.strip()]


class PoolEntryForm(forms.Form):
    goal = forms.ModelChoiceField(
        queryset=Goal.objects.none(),
        required=False,
        empty_label="— a new goal (name it below) —",
        label="Your goal for the 12 weeks",
    )
    goal_title = forms.CharField(
        max_length=200,
        required=False,
        label="…or a new goal",
        widget=forms.TextInput(attrs={"placeholder": "Find a mentor for my move into design"}),
        help_text="Creates the goal in My goals.",
    )
    format = forms.ChoiceField(
        choices=FormatPreference.choices,
        initial=FormatPreference.EITHER,
        widget=forms.RadioSelect,
        label="Preferred format",
    )
    location = forms.CharField(
        max_length=80,
        required=False,
        help_text="Where you could meet in person: a city or an office. Needed for in person.",
    )
    languages = LanguagesField(
        max_length=300,
        help_text="The languages you could meet in, separated by commas.",
        widget=forms.TextInput(attrs={"placeholder": "English, German", "list": "languages"}),
    )
    timezone = forms.ChoiceField(choices=timezone_choices, label="Your time zone")
    availability = forms.TypedMultipleChoiceField(
        choices=[(n, n) for n in range(HOURS_A_WEEK)],
        coerce=int,
        required=False,
        label="When could you meet each week?",
    )
    avoid = forms.CharField(
        max_length=1000,
        required=False,
        label="People you'd rather not be grouped with",
        help_text="Usernames, separated by commas. Private: nobody else sees this list, "
        "not even organisers.",
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(
            owner=person, status=Goal.Status.ACTIVE
        ).order_by("-created_at")

    def clean_avoid(self):
        return [n.strip().lstrip("@") for n in self.cleaned_data["avoid"].split(",") if n.strip()]

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        if data.get("goal_title"):
            data.pop("goal")
        else:
            data.pop("goal_title")
        return data


class OpenCircleForm(forms.Form):
    title = forms.CharField(
        max_length=120,
        widget=forms.TextInput(attrs={"placeholder": "Product people, Tuesday evenings"}),
    )
    description = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Who the circle is for, and anything to know before joining.",
    )
    format = forms.ChoiceField(choices=Format.choices, widget=forms.RadioSelect)
    language = forms.CharField(
        max_length=40, widget=forms.TextInput(attrs={"list": "languages"}), initial="English"
    )
    location = forms.CharField(
        max_length=80, required=False, help_text="Where you meet, for an in-person circle."
    )
    timezone = forms.ChoiceField(choices=timezone_choices, label="Time zone of the slot")
    starts_on = forms.DateField(
        label="Start date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The first meeting is on the slot's weekday on or after this date.",
    )
    weekday = forms.TypedChoiceField(
        choices=list(enumerate(DAY_NAMES_LONG)), coerce=int, label="Weekday"
    )
    start_time = forms.TimeField(
        label="Start time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    size_limit = forms.TypedChoiceField(
        choices=[(n, f"{n} people") for n in range(CIRCLE_MIN_SIZE, CIRCLE_MAX_SIZE + 1)],
        coerce=int,
        initial=CIRCLE_MAX_SIZE,
        label="Size limit",
    )
    round = forms.TypedChoiceField(
        choices=(), coerce=int, required=False, empty_value=None, label="Part of a round"
    )
    goal = forms.ModelChoiceField(
        queryset=Goal.objects.none(),
        required=False,
        label="Your goal in this circle",
        empty_label="Choose later",
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(
            owner=person, status=Goal.Status.ACTIVE
        ).order_by("-created_at")
        self.fields["round"].choices = [("", "None")] + [(r.pk, r.title) for r in open_rounds()]


class JoinCircleForm(forms.Form):
    goal = forms.ModelChoiceField(queryset=Goal.objects.none(), required=False)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = Goal.objects.filter(owner=person)


class CircleFilterForm(forms.Form):
    q = forms.CharField(max_length=100, required=False, label="Search")
    language = forms.CharField(
        max_length=40, required=False, widget=forms.TextInput(attrs={"list": "languages"})
    )
    format = forms.ChoiceField(choices=[("", "Any format"), *Format.choices], required=False)
    fits_me = forms.BooleanField(required=False, label="Fits my availability")


class RoundForm(forms.Form):
    title = forms.CharField(max_length=120)
    starts_on = forms.DateField(
        label="Start date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The week the circles of this round first meet.",
    )
    signup_closes_on = forms.DateField(
        label="Sign-up closes", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    programme = forms.ModelChoiceField(
        queryset=Programme.objects.all(),
        required=False,
        empty_label="The default programme",
    )


class MoveForm(forms.Form):
    entry = forms.IntegerField(min_value=1)
    to = forms.CharField(max_length=12)

    def clean_to(self):
        value = self.cleaned_data["to"]
        if value == "unmatched":
            return None
        try:
            return int(value)
        except ValueError:
            raise forms.ValidationError("Choose a circle or “unmatched”.") from None


LANGUAGE_CHOICES = LANGUAGES
