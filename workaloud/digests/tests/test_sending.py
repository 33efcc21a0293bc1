"""Sending: one email per person and period through a real SMTP server, however often the job
runs; empty digests are skipped; refusals are retried; the command and the job."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from workaloud.digests.models import DigestSend
from workaloud.digests.periods import last_ended, zone_of
from workaloud.digests.sending import MAX_ATTEMPTS, send_due_digests
from workaloud.notifications.preferences import set_digest_frequency
from workaloud.notifications.services import mark_read
from workaloud.people.services import follow
from workaloud.testing.factories import make_person, make_update
from workaloud.testing.smtp import SITE
from workaloud.work.models import WorkUpdate

pytestmark = pytest.mark.django_db

S = DigestSend.Status


@pytest.fixture
def community(alice, bob, carol):
    """Alice and Carol follow Bob, who shares work; Bob follows nobody and has read his
    notifications (his digest is empty)."""
    bob.timezone = "America/New_York"
    bob.save()
    carol.timezone = "Asia/Tokyo"
    carol.save()
    follow(alice, bob)
    follow(carol, bob)
    make_update(bob, body="Shipped the search prototype.", ask="Who can review the ranking?")
    mark_read(bob)
    return alice, bob, carol


def test_each_person_gets_one_email_however_often_it_runs(smtp, community, next_week):
    alice, bob, carol = community
    first = send_due_digests(next_week, site_url=SITE)
    assert (first.sent, first.skipped, first.failed) == (2, 1, 0)
    again = send_due_digests(next_week, site_url=SITE)
    later = send_due_digests(next_week + dt.timedelta(hours=3), site_url=SITE)
    assert (again.sent, again.skipped, later.sent, later.skipped) == (0, 0, 0, 0)
    assert len(smtp.messages) == 2 and not smtp.to(bob.email)
    (message,) = smtp.to(alice.email)
    assert message["From"] == "Workaloud <digest@wol.example.org>"
    assert message["Subject"].startswith("Your Workaloud week: ")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Who can review the ranking?" in text and "Who can review the ranking?" in html
    link = "".join(str(message["List-Unsubscribe"]).split()).strip("<>")
    assert link.startswith(f"{SITE}/digests/unsubscribe/") and link in text and link in html
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    rows = {r.person_id: r for r in DigestSend.objects.all()}
    assert rows[alice.pk].status == S.SENT and rows[bob.pk].status == S.SKIPPED
    assert rows[alice.pk].message_id == message["Message-ID"]
    period = last_ended(next_week, zone_of(carol), "weekly")
    assert rows[carol.pk].period_start == period.start  # Carol's week is Tokyo's


def test_the_next_period_gets_its_own_digest(smtp, community, next_week):
    alice, bob, carol = community
    send_due_digests(next_week, site_url=SITE)
    later = make_update(bob, body="Next week's work.")
    WorkUpdate.objects.filter(pk=later.pk).update(published_at=next_week)
    send_due_digests(next_week + dt.timedelta(days=7), site_url=SITE)
    assert len(smtp.to(alice.email)) == 2
    assert DigestSend.objects.filter(person=alice).count() == 2


def test_daily_and_off(smtp, community, next_week):
    alice, bob, carol = community
    set_digest_frequency(alice, "daily")
    set_digest_frequency(carol, "off")
    tomorrow = next_week - dt.timedelta(days=6)
    run = send_due_digests(tomorrow, site_url=SITE)
    assert run.sent == 1
    (message,) = smtp.to(alice.email)
    assert message["Subject"].startswith("Your Workaloud day: ")
    assert not DigestSend.objects.filter(person=carol).exists()
    assert DigestSend.objects.get(person=alice).frequency == "daily"


def test_a_refused_address_is_retried_then_given_up(smtp, community, next_week):
    alice, bob, carol = community
    smtp.refuse.add(alice.email)
    run = send_due_digests(next_week, site_url=SITE)
    assert (run.sent, run.failed) == (1, 1)
    row = DigestSend.objects.get(person=alice)
    assert row.status == S.PENDING and "550" in row.last_error and row.claim == ""
    for _ in range(MAX_ATTEMPTS - 1):
        send_due_digests(next_week, site_url=SITE)
    row.refresh_from_db()
    assert row.status == S.FAILED and row.attempts == MAX_ATTEMPTS
    smtp.refuse.clear()
    assert send_due_digests(next_week, site_url=SITE).sent == 0  # given up stays given up
    assert not smtp.to(alice.email) and len(smtp.to(carol.email)) == 1


def test_refused_then_accepted(smtp, community, next_week):
    alice, *_ = community
    smtp.refuse.add(alice.email)
    send_due_digests(next_week, site_url=SITE)
    smtp.refuse.clear()
    assert send_due_digests(next_week, site_url=SITE).sent == 1
    assert len(smtp.to(alice.email)) == 1
    assert DigestSend.objects.get(person=alice).status == S.SENT


def test_a_claim_left_by_a_dead_run_is_taken_over_after_the_lease(smtp, community, next_week):
    alice, bob, carol = community
    period = last_ended(next_week, zone_of(alice), "weekly")
    from django.utils import timezone

    row = DigestSend.objects.create(
        person=alice,
        frequency="weekly",
        period_start=period.start,
        period_end=period.end,
        claim="dead-run",
        claimed_at=timezone.now(),
        attempts=1,
    )
    assert send_due_digests(next_week, site_url=SITE).sent == 1  # Carol; Alice's is held
    assert not smtp.to(alice.email)
    DigestSend.objects.filter(pk=row.pk).update(claimed_at=timezone.now() - dt.timedelta(hours=1))
    assert send_due_digests(next_week, site_url=SITE).sent == 1
    assert len(smtp.to(alice.email)) == 1
    row.refresh_from_db()
    assert (row.status, row.attempts) == (S.SENT, 2)


def test_a_run_whose_claim_was_taken_never_completes_the_message(smtp, community, next_week):
    """Between claim and send another run took the row over: nothing is delivered by this one."""
    import workaloud.digests.sending as sending

    alice, bob, carol = community
    original = sending._deliver

    def stolen(backend, message, mark_sent):
        DigestSend.objects.filter(status=S.SENDING).update(claim="another-run")
        return original(backend, message, mark_sent)

    sending._deliver = stolen
    try:
        run = send_due_digests(next_week, site_url=SITE)
    finally:
        sending._deliver = original
    assert (run.sent, run.taken_by_others) == (0, 2)
    assert smtp.messages == []


def test_the_command(smtp, community, next_week):
    out = StringIO()
    call_command("send_digests", "--now", next_week.isoformat(), "--site-url", SITE, stdout=out)
    call_command("send_digests", "--now", next_week.isoformat(), "--site-url", SITE, stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("Digests: 2 sent, 1 skipped")
    assert lines[1].startswith("Digests: 0 sent, 0 skipped")
    assert len(smtp.messages) == 2


@pytest.mark.parametrize(
    "args,message",
    [
        (["--now", "next tuesday"], "is not a date and time"),
        (["--site-url", "wol.example.org"], "is not an address"),
        (["--batch-size", "0"], "between 1 and 5000"),
    ],
)
def test_the_command_refuses_bad_input(smtp, community, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("send_digests", *args, stdout=StringIO())
    assert not DigestSend.objects.exists() and smtp.messages == []


def test_the_command_reports_failures(smtp, community, next_week):
    alice, *_ = community
    smtp.refuse.add(alice.email)
    with pytest.raises(CommandError, match="1 digest"):
        call_command("send_digests", "--now", next_week.isoformat(), stdout=StringIO())


def test_the_periodic_job_sends_due_digests(smtp, community):
    """Every 15 minutes, the huey job runs the same service (huey is immediate in tests)."""
    from django.utils import timezone
    from huey.contrib.djhuey import HUEY

    from workaloud.digests.tasks import send_digests

    periodic = {f"{t.__module__}.{t.__name__}" for t in HUEY._registry._periodic_tasks}
    assert "workaloud.digests.tasks.send_digests" in periodic
    assert send_digests.task_class().validate_datetime(dt.datetime(2026, 3, 2, 8, 15))
    assert not send_digests.task_class().validate_datetime(dt.datetime(2026, 3, 2, 8, 7))
    alice, bob, carol = community
    WorkUpdate.objects.update(published_at=timezone.now() - dt.timedelta(days=7))  # last week
    send_digests()
    send_digests()
    assert len(smtp.to(alice.email)) == 1 and len(smtp.to(carol.email)) == 1


def test_many_people_in_small_batches(smtp, next_week):
    author = make_person("author")
    readers = [
        make_person(f"reader{i}", timezone=z)
        for i, z in enumerate(["", "Europe/Berlin", "Asia/Tokyo"] * 4)
    ]
    for reader in readers:
        follow(reader, author)
    make_update(author, body="Work for all my readers.")
    run = send_due_digests(next_week, site_url=SITE, batch_size=2)
    assert run.sent == 13  # the author too: twelve new followers
    assert "started following you" in smtp.to(author.email)[0].get_body(("plain",)).get_content()
    assert sorted(len(smtp.to(r.email)) for r in readers) == [1] * 12
