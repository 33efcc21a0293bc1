"""Reminders before each meeting: once per member in the app and by email (through a real
local SMTP server), even when runs overlap, repeat or die half-way."""

import datetime as dt
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from workaloud.circles.models import Circle, Meeting, MeetingReminder, Programme, ProgrammeWeek
from workaloud.circles.reminders import EMAIL_LEASE, claim_meeting, send_due_reminders
from workaloud.circles.tests.keeping_builders import check_in, make_circle
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.testing.smtp import smtp_server

pytestmark = pytest.mark.django_db

SITE = "https://wol.example.org"
NOTES = "Carol is thinking of leaving the company"
CHECK_IN = "Applied for the job in Lisbon"


@pytest.fixture
def smtp(settings):
    """A real SMTP server on localhost, and Django's SMTP backend pointed at it."""
    with smtp_server(settings, sender="circles@wol.example.org", site_url=None) as inbox:
        yield inbox


@pytest.fixture
def people(alice, bob, carol):
    bob.timezone = "America/New_York"
    bob.save()
    return alice, bob, carol


@pytest.fixture
def circle(people):
    """Week 2 starts in three hours (week 1 was a week ago)."""
    alice, bob, carol = people
    programme = Programme.objects.create(name="Our programme")
    ProgrammeWeek.objects.create(programme=programme, number=2, title="Your relationship list")
    c = make_circle(
        alice, [bob, carol], week=2, started_ago=-dt.timedelta(hours=3), title="Product people"
    )
    c.programme = programme
    c.save()
    week1 = c.meetings.get(week=1)
    week1.notes = NOTES
    week1.save()
    check_in(c, 1, carol, did=CHECK_IN)
    return c


def test_each_member_is_reminded_once_in_the_app_and_by_email(smtp, circle, people):
    alice, bob, carol = people
    run = send_due_reminders(site_url=SITE)
    assert (run.meetings, run.notifications, run.emails_sent, run.emails_failed) == (1, 3, 3, 0)
    again = send_due_reminders(site_url=SITE)  # the next run, minutes later
    assert (again.meetings, again.notifications, again.emails_sent) == (0, 0, 0)

    week2 = circle.meetings.get(week=2)
    assert week2.reminder_sent_at is not None
    assert circle.meetings.get(week=1).reminder_sent_at is None  # already past: not reminded
    notes = Notification.objects.filter(kind=NotificationKind.MEETING_REMINDER)
    assert sorted(n.recipient.username for n in notes) == ["alice", "bob", "carol"]
    assert all(n.circle == circle for n in notes)
    actors = {n.recipient.username: n.actor.username for n in notes}
    assert actors == {"alice": "bob", "bob": "alice", "carol": "alice"}  # the creator, or the next

    assert len(smtp.messages) == 3
    for person in people:
        (message,) = smtp.to(person.email)
        assert message["Subject"].startswith("Reminder: Product people meets ")
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        url = f"{SITE}/circles/{circle.pk}/meetings/2/"
        assert url in text and f'href="{url}"' in html
        assert "Week 2: Your relationship list" in text and "Your relationship list" in html
        for secret in (NOTES, CHECK_IN):
            assert secret not in text and secret not in html
    zone = "America/New_York"
    local = timezone.localtime(week2.starts_at, __import__("zoneinfo").ZoneInfo(zone))
    bobs = smtp.to(bob.email)[0].get_body(("plain",)).get_content()
    assert f"{local:%A %-d %B %Y, %H:%M} ({zone})" in bobs
    alices = smtp.to(alice.email)[0].get_body(("plain",)).get_content()
    assert "(Europe/Berlin)" in alices
    assert MeetingReminder.objects.filter(emailed_at__isnull=False).count() == 3


def test_the_command_twice(smtp, circle):
    from io import StringIO

    out = StringIO()
    call_command("send_circle_reminders", "--site-url", SITE, stdout=out)
    call_command("send_circle_reminders", "--site-url", SITE, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Reminded 1 meeting(s): 3 notification(s), 3 email(s) sent")
    assert lines[2].startswith("Reminded 0 meeting(s): 0 notification(s), 0 email(s) sent")
    assert len(smtp.messages) == 3
    assert Notification.objects.count() == 3
    with pytest.raises(CommandError, match="is not an address"):
        call_command("send_circle_reminders", "--site-url", "wol.example.org")


def test_two_runs_claim_a_meeting_once(circle):
    week2 = circle.meetings.get(week=2)
    now = timezone.now()
    assert claim_meeting(week2.pk, now) == 3
    assert claim_meeting(week2.pk, now) == -1  # the second run finds it claimed
    assert Notification.objects.count() == 3 and MeetingReminder.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_time(smtp, people):
    """Two runs started together, each with its own database connection."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip(
            "Needs a database two connections can share: PostgreSQL, or an SQLite file "
            "(TEST_DATABASE_NAME=/tmp/test.sqlite3)."
        )
    alice, bob, carol = people
    circle = make_circle(alice, [bob, carol], week=2, started_ago=-dt.timedelta(hours=3))
    barrier = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            barrier.wait()
            results.append(send_due_reminders(site_url=SITE))
        except Exception as exc:  # shown below; a thread's exception is otherwise lost
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert sorted(r.meetings for r in results) == [0, 1]
    assert sum(r.emails_sent for r in results) == 3
    assert len(smtp.messages) == 3
    assert Notification.objects.filter(circle=circle).count() == 3


def test_a_run_that_fails_half_way_is_finished_by_the_next(smtp, circle, people):
    alice, bob, carol = people
    smtp.refuse = {bob.email}  # the mail server turns Bob's address away this time
    first = send_due_reminders(site_url=SITE)
    assert (first.notifications, first.emails_sent, first.emails_failed) == (3, 2, 1)
    assert [len(smtp.to(p.email)) for p in people] == [1, 0, 1]
    smtp.refuse = set()
    second = send_due_reminders(site_url=SITE)
    assert (second.notifications, second.emails_sent, second.emails_failed) == (0, 1, 0)
    assert [len(smtp.to(p.email)) for p in people] == [1, 1, 1]
    assert Notification.objects.count() == 3


def test_a_run_killed_between_claim_and_send(smtp, circle, people):
    """A claimed email not confirmed within the lease is sent by a later run, once."""
    alice, bob, carol = people
    now = timezone.now()
    claim_meeting(circle.meetings.get(week=2).pk, now)
    MeetingReminder.objects.filter(person=bob).update(email_claimed_at=now)  # then it died
    assert send_due_reminders(now=now, site_url=SITE).emails_sent == 2
    assert smtp.to(bob.email) == []
    later = now + EMAIL_LEASE + dt.timedelta(minutes=1)
    assert send_due_reminders(now=later, site_url=SITE).emails_sent == 1
    assert send_due_reminders(now=later, site_url=SITE).emails_sent == 0
    assert [len(smtp.to(p.email)) for p in people] == [1, 1, 1]


def test_a_run_killed_inside_the_claim_leaves_nothing(smtp, circle, monkeypatch):
    """The claim and the notifications commit together: a failure undoes both."""
    import workaloud.circles.reminders as reminders

    def broken(*args, **kwargs):
        raise RuntimeError("killed")

    monkeypatch.setattr(reminders.Notification.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        send_due_reminders(site_url=SITE)
    assert Meeting.objects.get(circle=circle, week=2).reminder_sent_at is None
    assert MeetingReminder.objects.count() == 0
    monkeypatch.undo()
    assert send_due_reminders(site_url=SITE).notifications == 3
    assert len(smtp.messages) == 3


def test_which_meetings_and_members_are_reminded(smtp, settings, people):
    alice, bob, carol = people
    later = make_circle(alice, [bob], week=1, started_ago=-dt.timedelta(hours=30), title="Later")
    done = make_circle(
        bob, [carol], week=2, started_ago=-dt.timedelta(hours=1), title="Finished one"
    )
    Circle.objects.filter(pk=done.pk).update(status=Circle.Status.FINISHED)
    soon = make_circle(carol, [alice, bob], week=3, started_ago=-dt.timedelta(hours=2))
    soon.memberships.filter(person=bob).update(left_at=timezone.now())  # Bob left
    alice.is_active = False
    alice.save()

    run = send_due_reminders(site_url=SITE)
    assert (run.meetings, run.notifications) == (1, 1)  # only "soon", only Carol
    assert [n.recipient for n in Notification.objects.all()] == [carol]
    assert Notification.objects.get().actor == carol  # nobody else is left: her own name

    settings.CIRCLE_REMINDER_HOURS = 48
    run = send_due_reminders(site_url=SITE)
    assert run.meetings == 1 and later.meetings.get(week=1).reminder_sent_at is not None
    assert done.meetings.get(week=2).reminder_sent_at is None
    assert len(smtp.messages) == 2  # Carol's, then Bob's for "Later" (Alice is deactivated)


def test_reminders_render_in_the_inbox(client_for, circle, people):
    alice, bob, carol = people
    send_due_reminders(site_url=SITE)
    page = client_for(bob).get("/notifications/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Your circle" in html and f'href="/circles/{circle.pk}/"' in html
    assert "Product people</a> meets soon" in html
