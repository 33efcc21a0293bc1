"""Forms of the relationship list pages. They parse input; the services decide."""

from django import forms

from workaloud.people.models import User
from workaloud.relationship_lists.closeness import SCALE
from workaloud.relationship_lists.models import (
    ABOUT_MAX,
    NAME_MAX,
    NOTE_MAX,
    RATING_NOTE_MAX,
    Direction,
)

RATING_CHOICES = [(str(value), f"{value} · {label}") for value, label in sorted(SCALE.items())]
DIRECTION_CHOICES = [("", "Not decided yet"), *Direction.choices]


class RatingField(forms.TypedChoiceField):
    def __init__(self, *, empty_label="Choose…", **kwargs):
        kwargs.setdefault("label", "How close are you now?")
        super().__init__(
            choices=[("", empty_label), *RATING_CHOICES],
            coerce=int,
            error_messages={
                "required": "Choose how close you are, from 0 to 5.",
                "invalid_choice": "Choose a rating from 0 to 5.",
            },
            **kwargs,
        )


class _EntryFields(forms.Form):
    direction = forms.ChoiceField(
        choices=DIRECTION_CHOICES, required=False, label="Who could help whom?"
    )
    rating = RatingField()
    note = forms.CharField(
        label="Private note",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "Only you will ever see this."}),
    )


class AddMemberForm(_EntryFields):
    username = forms.CharField(
        label="Member's username",
        max_length=User._meta.get_field("username").max_length + 1,  # room for a leading @
        widget=forms.TextInput(
            attrs={"placeholder": "@ann", "list": "people-i-follow", "autocomplete": "off"}
        ),
        error_messages={"required": "Type the member's username, for example @ann."},
    )
    field_order = ["username", "direction", "rating", "note"]


class AddOutsideForm(_EntryFields):
    outside_name = forms.CharField(
        label="Name",
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"placeholder": "Sam Rivera"}),
        error_messages={"required": "Name the person you want to add."},
    )
    outside_about = forms.CharField(
        label="Who they are",
        max_length=ABOUT_MAX,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "ex-colleague at Acme"}),
    )
    field_order = ["outside_name", "outside_about", "direction", "rating", "note"]


class RateForm(forms.Form):
    value = RatingField(label="New rating", empty_label="New rating…")
    note = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=RATING_NOTE_MAX,
        widget=forms.TextInput(attrs={"placeholder": "What changed?"}),
    )


class EntryForm(forms.Form):
    """Edit an entry: who could help whom and the private note; the name and "who they
    are" only for someone outside the community."""

    outside_name = forms.CharField(label="Name", max_length=NAME_MAX)
    outside_about = forms.CharField(label="Who they are", max_length=ABOUT_MAX, required=False)
    direction = forms.ChoiceField(
        choices=DIRECTION_CHOICES, required=False, label="Who could help whom?"
    )
    note = forms.CharField(
        label="Private note",
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, entry, **kwargs):
        initial = {
            "outside_name": entry.outside_name,
            "outside_about": entry.outside_about,
            "direction": entry.direction,
            "note": entry.note,
        }
        super().__init__(*args, initial=initial, **kwargs)
        if entry.is_member:
            del self.fields["outside_name"]
            del self.fields["outside_about"]
