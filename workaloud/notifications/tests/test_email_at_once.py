"""Notifications by email at once: sent by a job after the commit, through a real SMTP server,
exactly once, and never with anything the recipient can no longer see."""

import pytest
from django.db import transaction

from workaloud.notifications import preferences
from workaloud.notifications.delivery import send_notification_email
from workaloud.notifications.models import Notification, NotificationEmail, NotificationKind
from workaloud.notifications.services import notify
from workaloud.notifications.tests.smtp import html_of, text_of
from workaloud.testing.factories import make_response, make_update
from workaloud.work.services import delete_update, edit_update

pytestmark = pytest.mark.django_db

SITE = "https://wol.example.org"
ASK = "Does anyone know a good way to test SMTP delivery end to end?"
OFFER = "I built exactly that last year, happy to pair on it"


def offer_help(alice, bob):
    """Bob offers help on Alice's ask; returns (update, response)."""
    update = make_update(alice, body=ASK)
    return update, make_response(update, bob, kind="offer_of_help", body=OFFER)


def test_an_offer_of_help_is_emailed_at_once_after_commit(
    smtp, alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        update, response = offer_help(alice, bob)
        assert smtp.messages == []  # nothing before the commit
    assert len(callbacks) == 1
    (message,) = smtp.to(alice.email)
    assert len(smtp.messages) == 1
    assert message["Subject"] == "Bob Baker offered help"
    text, html = text_of(message), html_of(message)
    url = f"{SITE}/updates/{update.pk}/#response-{response.pk}"
    assert url in text and f'href="{url}"' in html
    assert OFFER in text and OFFER in html
    assert ASK in text
    assert f"{SITE}/notifications/email/" in text  # where to change it
    n = Notification.objects.get(kind=NotificationKind.OFFER_OF_HELP)
    assert NotificationEmail.objects.get(notification=n).sent_at is not None


def test_the_job_sends_once_however_often_it_runs(
    smtp, alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        offer_help(alice, bob)
    n = Notification.objects.get(kind=NotificationKind.OFFER_OF_HELP)
    assert send_notification_email(n.pk) == "done"  # a retry, or a second job
    from workaloud.notifications.tasks import email_notification

    email_notification(n.pk)  # through huey, as a retry would run
    assert len(smtp.messages) == 1


def test_a_mention_waits_for_the_digest_by_default(
    smtp, alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        make_update(bob, body="Pairing with @alice on the release today")
    assert Notification.objects.filter(recipient=alice, kind=NotificationKind.MENTION).exists()
    assert callbacks == [] and smtp.messages == []
    assert not NotificationEmail.objects.exists()


def test_a_mention_can_come_at_once_and_an_offer_not_at_all(
    smtp, alice, bob, django_capture_on_commit_callbacks
):
    preferences.set_deliveries(alice, {"mention": "now", "offer_of_help": "off"})
    with django_capture_on_commit_callbacks(execute=True):
        offer_help(alice, bob)
        make_update(bob, body="Pairing with @alice on the release today")
    (message,) = smtp.messages[0:1]
    assert len(smtp.messages) == 1
    assert message[1]["Subject"] == "Bob Baker mentioned you"
    assert "Pairing with @alice" in text_of(message[1])


def test_a_rolled_back_notification_sends_nothing(smtp, alice, bob):
    # A transactional test would be needed for real commits; here the rollback of an atomic
    # block discards its on_commit hooks, which is what matters.
    try:
        with transaction.atomic():
            notify(alice, bob, NotificationKind.OFFER_OF_HELP)
            raise RuntimeError("the request failed")
    except RuntimeError:
        pass
    assert smtp.messages == [] and not Notification.objects.exists()


@pytest.mark.parametrize("how", ["narrowed", "deleted"])
def test_nothing_is_sent_about_an_update_gone_out_of_sight_before_the_job(
    smtp, alice, bob, carol, django_capture_on_commit_callbacks, how
):
    """Carol is mentioned in Bob's update; before the job runs, Bob makes it his alone or
    deletes it. The job looks again and sends nothing, for good."""
    preferences.set_deliveries(carol, {"mention": "now"})
    secret = "The reorg plan names @carol as the new lead"
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        update = make_update(bob, body=secret)
    assert len(callbacks) == 1
    if how == "narrowed":
        edit_update(update, bob, audience="only_me")
    else:
        delete_update(update, bob)
    for callback in callbacks:
        callback()
    assert smtp.messages == []
    n = Notification.objects.filter(recipient=carol).first()
    if n is not None:  # the update may be gone with its notifications
        assert NotificationEmail.objects.get(notification=n).skipped_at is not None
        assert send_notification_email(n.pk) == "done"
    assert smtp.messages == []


def test_nothing_is_sent_when_the_person_turned_it_off_meanwhile(
    smtp, alice, bob, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        offer_help(alice, bob)
    preferences.set_deliveries(alice, {"offer_of_help": "digest"})
    for callback in callbacks:
        callback()
    assert smtp.messages == []


def test_nobody_without_an_address_is_emailed(smtp, alice, bob, django_capture_on_commit_callbacks):
    alice.email = ""
    alice.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        offer_help(alice, bob)
    assert callbacks == [] and smtp.messages == []


def test_a_failed_send_is_retried_and_then_sent_once(smtp, alice, bob):
    update = make_update(alice, body=ASK)
    n = notify(alice, bob, NotificationKind.OFFER_OF_HELP, update=update)
    smtp.refuse.add(alice.email)
    with pytest.raises(Exception):  # noqa: B017 - the SMTP refusal, whatever its class
        send_notification_email(n.pk)
    record = NotificationEmail.objects.get(notification=n)
    assert record.claimed_at is None and record.sent_at is None  # the claim is given back
    smtp.refuse.clear()
    assert send_notification_email(n.pk) == "sent"
    assert send_notification_email(n.pk) == "done"
    assert len(smtp.to(alice.email)) == 1


def test_a_claim_left_by_a_dead_job_is_taken_over_after_the_lease(smtp, alice, bob):
    import datetime as dt

    from django.utils import timezone

    from workaloud.notifications.delivery import EMAIL_LEASE

    n = notify(alice, bob, NotificationKind.OFFER_OF_HELP, update=make_update(alice, body=ASK))
    long_ago = timezone.now() - EMAIL_LEASE - dt.timedelta(minutes=1)
    NotificationEmail.objects.create(notification=n, claimed_at=timezone.now())
    assert send_notification_email(n.pk) == "done"  # a live claim: another job has it
    NotificationEmail.objects.filter(pk=n.pk).update(claimed_at=long_ago)
    assert send_notification_email(n.pk) == "sent"
    assert len(smtp.messages) == 1


def test_a_circle_notification_goes_only_to_a_current_member(smtp, alice, bob):
    from workaloud.circles.tests.keeping_builders import make_circle

    circle = make_circle(alice, [bob], title="Product people")
    n = notify(bob, alice, NotificationKind.CIRCLE_FORMED, circle=circle)
    assert send_notification_email(n.pk) == "sent"
    (message,) = smtp.to(bob.email)
    assert "Product people" in text_of(message)
    assert f"{SITE}/circles/{circle.pk}/" in text_of(message)
    circle.memberships.filter(person=bob).update(left_at=circle.created_at)
    n2 = notify(bob, alice, NotificationKind.CIRCLE_FORMED, circle=circle)
    assert send_notification_email(n2.pk) == "skipped"
    assert len(smtp.messages) == 1
