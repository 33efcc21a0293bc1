"""The "Email & reminders" settings form: every value is checked by the services."""

from django import forms

from workaloud.notifications import preferences
from workaloud.notifications.models import Delivery, DigestFrequency

DAY_CHOICES = [("", "No reminder")] + [(str(i), d) for i, d in enumerate(preferences.WEEKDAYS)]


class EmailPreferencesForm(forms.Form):
    digest_frequency = forms.CharField(required=False)
    reminder_weekday = forms.CharField(required=False)
    reminder_time = forms.CharField(required=False)

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        current = preferences.deliveries(person)
        for kind in preferences.DEFAULT_DELIVERY:
            self.fields[f"kind_{kind}"] = forms.CharField(required=False)
            self.initial.setdefault(f"kind_{kind}", current[kind])
        self.initial.setdefault("digest_frequency", preferences.digest_frequency(person))
        reminder = preferences.reminder(person)
        if reminder:
            self.initial.setdefault("reminder_weekday", str(reminder[0]))
            self.initial.setdefault("reminder_time", reminder[1].strftime("%H:%M"))

    def changes(self) -> dict:
        """The keyword arguments for ``preferences.update_preferences``."""
        data = self.cleaned_data
        return {
            "digest_frequency": data["digest_frequency"],
            "deliveries": {k: data[f"kind_{k}"] for k in preferences.DEFAULT_DELIVERY},
            "reminder": (data["reminder_weekday"], data["reminder_time"]),
            "change_reminder": True,
        }

    def rows(self):
        """One row per kind for the template: label, field name and the current value."""
        for kind, label in preferences.KIND_LABELS.items():
            name = f"kind_{kind}"
            value = self[name].value()
            yield {
                "kind": kind,
                "label": label,
                "name": name,
                "value": value,
                "default": preferences.DEFAULT_DELIVERY[kind],
                "errors": self.errors.get(name),
            }

    deliveries_choices = Delivery.choices
    frequency_choices = DigestFrequency.choices
    day_choices = DAY_CHOICES
