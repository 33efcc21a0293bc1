"""Email preferences: the digest's frequency, each kind's delivery, and what goes in a digest."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from workaloud.notifications import preferences
from workaloud.notifications.models import EmailPreferences, KindDelivery, NotificationKind
from workaloud.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_digest_frequency_defaults_to_weekly_and_can_be_set(alice):
    assert preferences.digest_frequency(alice) == "weekly"
    assert preferences.set_digest_frequency(alice, "daily") == "daily"
    assert preferences.digest_frequency(alice) == "daily"
    preferences.set_digest_frequency(alice, "off")
    assert preferences.digest_frequency(alice) == "off"


@pytest.mark.parametrize("bad", ["monthly", "", None, "Weekly", 7])
def test_an_unknown_digest_frequency_changes_nothing(alice, bad):
    preferences.set_digest_frequency(alice, "daily")
    with pytest.raises(ValidationError, match="not a digest frequency"):
        preferences.set_digest_frequency(alice, bad)
    assert preferences.digest_frequency(alice) == "daily"


def test_digest_notifications_are_the_digest_kinds_in_the_period(alice, bob):
    preferences.set_deliveries(alice, {"follow": "off"})
    before = timezone.now() - dt.timedelta(seconds=1)
    mention = notify(alice, bob, NotificationKind.MENTION)
    offer = notify(alice, bob, NotificationKind.OFFER_OF_HELP)  # at once: not in the digest
    follow = notify(alice, bob, NotificationKind.FOLLOW)  # not by email at all
    thanks = notify(alice, bob, NotificationKind.THANKS)
    after = timezone.now() + dt.timedelta(seconds=1)
    got = set(preferences.digest_notifications(alice, before, after))
    assert got == {mention, thanks}
    assert offer not in got and follow not in got
    assert not preferences.digest_notifications(alice, after, after + dt.timedelta(days=7))
    assert not preferences.digest_notifications(bob, before, after)
    # [since, until): a notification at exactly ``until`` belongs to the next period
    at = mention.created_at
    assert mention not in preferences.digest_notifications(alice, before, at)
    assert mention in preferences.digest_notifications(alice, at, after)


def test_bad_deliveries_change_nothing(alice):
    with pytest.raises(ValidationError) as e:
        preferences.set_deliveries(alice, {"mention": "now", "gossip": "now"})
    assert "gossip" in str(e.value)
    with pytest.raises(ValidationError, match="not a delivery"):
        preferences.set_deliveries(alice, {"mention": "sometimes"})
    with pytest.raises(ValidationError):
        preferences.set_deliveries(alice, {"meeting_soon": "now"})  # reminders email themselves
    assert not KindDelivery.objects.exists()
    assert preferences.delivery_for(alice, "mention") == "digest"


@pytest.mark.parametrize(
    "weekday,time,field",
    [
        (7, "09:00", "reminder_weekday"),
        (-1, "09:00", "reminder_weekday"),
        ("monday", "09:00", "reminder_weekday"),
        (True, "09:00", "reminder_weekday"),
        (0, "9am", "reminder_time"),
        (0, "25:00", "reminder_time"),
        (0, "09:00+02:00", "reminder_time"),
        (0, "", "reminder_time"),
        (None, "09:00", "reminder_weekday"),
    ],
)
def test_a_bad_reminder_changes_nothing(alice, weekday, time, field):
    preferences.set_reminder(alice, 2, "17:30")
    with pytest.raises(ValidationError) as e:
        preferences.set_reminder(alice, weekday, time)
    assert field in e.value.message_dict
    assert preferences.reminder(alice) == (2, dt.time(17, 30))


def test_reminder_set_and_cleared(alice):
    assert preferences.reminder(alice) is None
    assert preferences.set_reminder(alice, 0, "09:00") == (0, dt.time(9, 0))
    set_at = EmailPreferences.objects.get(person=alice).reminder_set_at
    assert set_at is not None
    preferences.set_reminder(alice, "0", "09:00")  # unchanged: the time it was set stays
    assert EmailPreferences.objects.get(person=alice).reminder_set_at == set_at
    assert preferences.set_reminder(alice, None, None) is None
    assert preferences.reminder(alice) is None


def test_update_preferences_is_all_or_nothing(alice):
    with pytest.raises(ValidationError) as e:
        preferences.update_preferences(
            alice,
            digest_frequency="daily",
            deliveries={"mention": "now"},
            reminder=(9, "09:00"),
            change_reminder=True,
        )
    assert set(e.value.message_dict) == {"reminder_weekday"}
    assert preferences.digest_frequency(alice) == "weekly"
    assert preferences.delivery_for(alice, "mention") == "digest"
    assert preferences.reminder(alice) is None
