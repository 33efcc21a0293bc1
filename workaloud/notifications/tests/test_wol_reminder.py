"""The weekly "pay yourself first" reminder: due at the person's own local time, once per week
in the app and by email, however many runs see it."""

import datetime as dt
import threading
import zoneinfo

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from workaloud.notifications import preferences
from workaloud.notifications.delivery import (
    REMINDER_GRACE,
    claim_reminder,
    occurrence,
    send_due_reminders,
)
from workaloud.notifications.models import (
    EmailPreferences,
    Notification,
    NotificationKind,
    WorkOutLoudReminder,
)
from workaloud.notifications.tests.smtp import html_of, text_of

SITE = "https://wol.example.org"
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UTC = dt.UTC


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def schedule(person, weekday, time, set_at):
    preferences.set_reminder(person, weekday, time)
    EmailPreferences.objects.filter(person=person).update(reminder_set_at=set_at)


@pytest.mark.parametrize(
    "now,due",
    [
        (utc(2026, 1, 12, 8, 0), utc(2026, 1, 12, 8, 0)),  # winter: CET, UTC+1
        (utc(2026, 7, 13, 7, 0), utc(2026, 7, 13, 7, 0)),  # summer: CEST, UTC+2
        (utc(2026, 1, 12, 7, 59), utc(2026, 1, 5, 8, 0)),  # a minute early: last week's
    ],
)
def test_monday_nine_in_berlin_is_eight_utc_in_winter_and_seven_in_summer(now, due):
    week, when = occurrence(0, dt.time(9, 0), BERLIN, now)
    assert when == due
    assert week == due.astimezone(BERLIN).date()  # a Monday reminder: the week's Monday


@pytest.mark.django_db
def test_reminded_at_the_local_time_once_a_week(smtp, alice):
    alice.timezone = "Europe/Berlin"
    alice.save()
    schedule(alice, 0, "09:00", set_at=utc(2026, 1, 1))
    # Monday 12 January 2026, 07:55 UTC = 08:55 in Berlin: not yet
    assert send_due_reminders(utc(2026, 1, 12, 7, 55)).reminded == 0
    run = send_due_reminders(utc(2026, 1, 12, 8, 0))
    assert (run.reminded, run.emails_sent, run.emails_failed) == (1, 1, 0)
    again = send_due_reminders(utc(2026, 1, 12, 8, 5))  # the next run
    assert (again.reminded, again.emails_sent) == (0, 0)
    assert send_due_reminders(utc(2026, 1, 12, 8, 5)).reminded == 0  # and a re-run

    (note,) = Notification.objects.filter(kind=NotificationKind.WORK_OUT_LOUD_REMINDER)
    assert note.recipient == alice and note.actor == alice  # her own choice, in her name
    (message,) = smtp.to(alice.email)
    assert message["Subject"] == "Your time to work out loud"
    url = f"{SITE}/updates/new/"
    assert url in text_of(message) and f'href="{url}"' in html_of(message)
    assert "Mondays at 09:00 (Europe/Berlin)" in text_of(message)
    assert f"{SITE}/notifications/email/" in text_of(message)

    # summer: the next reminder comes at 07:00 UTC
    assert send_due_reminders(utc(2026, 7, 13, 6, 55)).reminded == 0
    assert send_due_reminders(utc(2026, 7, 13, 7, 0)).reminded == 1
    assert WorkOutLoudReminder.objects.filter(person=alice).count() == 2
    assert len(smtp.to(alice.email)) == 2


@pytest.mark.django_db
def test_no_zone_means_utc_and_no_reminder_means_none(smtp, alice, bob):
    schedule(alice, 2, "17:30", set_at=utc(2026, 1, 1))  # Wednesday 17:30 UTC
    assert send_due_reminders(utc(2026, 1, 14, 17, 30)).reminded == 1
    assert send_due_reminders(utc(2026, 1, 14, 17, 35)).reminded == 0
    assert not WorkOutLoudReminder.objects.filter(person=bob).exists()


@pytest.mark.django_db
def test_a_time_chosen_after_this_weeks_occurrence_waits_for_next_week(smtp, alice):
    schedule(alice, 0, "09:00", set_at=utc(2026, 1, 12, 9, 30))  # chosen on Monday at 09:30
    assert send_due_reminders(utc(2026, 1, 12, 9, 35)).reminded == 0
    assert send_due_reminders(utc(2026, 1, 19, 9, 0)).reminded == 1


@pytest.mark.django_db
def test_a_late_run_still_reminds_within_the_grace_but_not_after(smtp, alice, bob):
    schedule(alice, 0, "09:00", set_at=utc(2026, 1, 1))
    schedule(bob, 0, "09:00", set_at=utc(2026, 1, 1))
    late = utc(2026, 1, 12, 9, 0) + REMINDER_GRACE - dt.timedelta(minutes=5)
    assert send_due_reminders(late).reminded == 2
    too_late = utc(2026, 1, 19, 9, 0) + REMINDER_GRACE + dt.timedelta(minutes=5)
    assert send_due_reminders(too_late).reminded == 0


@pytest.mark.django_db
def test_changing_the_time_in_the_same_week_does_not_remind_twice(smtp, alice):
    schedule(alice, 0, "09:00", set_at=utc(2026, 1, 1))
    assert send_due_reminders(utc(2026, 1, 12, 9, 0)).reminded == 1
    schedule(alice, 3, "15:00", set_at=utc(2026, 1, 12, 10, 0))
    assert send_due_reminders(utc(2026, 1, 15, 15, 0)).reminded == 0  # the same week
    assert send_due_reminders(utc(2026, 1, 22, 15, 0)).reminded == 1  # the next


@pytest.mark.django_db
def test_a_failed_email_is_retried_by_the_next_run_and_sent_once(smtp, alice):
    schedule(alice, 0, "09:00", set_at=utc(2026, 1, 1))
    smtp.refuse.add(alice.email)
    run = send_due_reminders(utc(2026, 1, 12, 9, 0))
    assert (run.reminded, run.emails_sent, run.emails_failed) == (1, 0, 1)
    smtp.refuse.clear()
    run = send_due_reminders(utc(2026, 1, 12, 9, 5))
    assert (run.reminded, run.emails_sent) == (0, 1)
    assert send_due_reminders(utc(2026, 1, 12, 9, 10)).emails_sent == 0
    assert len(smtp.to(alice.email)) == 1
    assert Notification.objects.filter(kind=NotificationKind.WORK_OUT_LOUD_REMINDER).count() == 1


@pytest.mark.django_db
def test_the_periodic_job_runs_the_reminders(smtp, alice):
    from workaloud.notifications.tasks import remind_to_work_out_loud

    now = timezone.now()
    schedule(alice, now.weekday(), (now - dt.timedelta(minutes=1)).strftime("%H:%M"), None)
    if (now - dt.timedelta(minutes=1)).weekday() != now.weekday():
        pytest.skip("just after midnight UTC")
    remind_to_work_out_loud.call_local()
    remind_to_work_out_loud.call_local()
    assert WorkOutLoudReminder.objects.filter(person=alice).count() == 1
    assert len(smtp.to(alice.email)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_remind_each_person_once(smtp, make_person):
    """Two runs in two threads, each with its own database connection, see the same people due
    and race to claim them: each person's week is claimed, notified and emailed once."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "Needs a database two connections can share: PostgreSQL, or an SQLite file "
            "(TEST_DATABASE_NAME=/tmp/test.sqlite3)."
        )
    people = [make_person(f"early{i}") for i in range(8)]
    for p in people:
        schedule(p, 0, "09:00", set_at=utc(2026, 1, 1))
    now = utc(2026, 1, 12, 9, 0)
    barrier = threading.Barrier(2)
    runs, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            runs.append(send_due_reminders(now))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    assert sum(r.reminded for r in runs) == 8
    assert WorkOutLoudReminder.objects.count() == 8
    assert Notification.objects.filter(kind=NotificationKind.WORK_OUT_LOUD_REMINDER).count() == 8
    for p in people:
        assert len(smtp.to(p.email)) == 1


@pytest.mark.django_db
def test_a_claimed_week_cannot_be_claimed_again(alice):
    week, due = dt.date(2026, 1, 12), utc(2026, 1, 12, 8, 0)
    assert claim_reminder(alice, week, due) is not None
    assert claim_reminder(alice, week, due) is None
    assert Notification.objects.filter(recipient=alice).count() == 1
