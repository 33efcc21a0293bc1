"""Saying thanks: one act, one ledger row, one notification; private to the two people."""

import html

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from workaloud.audience import Audience
from workaloud.generosity.models import NOTE_MAX_LENGTH, Thanks
from workaloud.generosity.services import say_thanks
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.notifications.services import notifications_for, unread_count
from workaloud.relationships.models import Interaction
from workaloud.testing.db_state import snapshot
from workaloud.testing.factories import make_person, make_response, make_update
from workaloud.work.models import WorkUpdate
from workaloud.work.services import delete_update, edit_update

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


# --- the service ---------------------------------------------------------------------------


def test_thanks_for_a_response_is_one_ledger_row_and_one_notification(alice, bob, ask, offer):
    thanks = say_thanks(alice, response_id=offer.pk, note="  That saved me a week.  ")
    assert (thanks.giver, thanks.receiver, thanks.update, thanks.response) == (
        alice,
        bob,
        ask,
        offer,
    )
    assert thanks.note == "That saved me a week."
    row = Interaction.objects.get(source_key=f"thanks:{thanks.pk}")
    assert (row.actor, row.target, row.kind) == (alice, bob, "thanks")
    assert (row.update_id, row.response_id, row.occurred_at) == (
        ask.pk,
        offer.pk,
        thanks.created_at,
    )
    note = Notification.objects.get(recipient=bob, kind=NotificationKind.THANKS)
    assert (note.actor, note.update, note.response) == (alice, ask, offer)
    assert note.get_kind_display() == "thanked you"


def test_thanks_for_an_update_goes_to_its_author(alice, bob, ask):
    thanks = say_thanks(bob, update_id=ask.pk)
    assert (thanks.receiver, thanks.response, thanks.note) == (alice, None, "")
    row = Interaction.objects.get(source_key=f"thanks:{thanks.pk}")
    assert (row.actor, row.target, row.update_id, row.response_id) == (bob, alice, ask.pk, None)
    assert Notification.objects.filter(recipient=alice, kind="thanks", actor=bob).count() == 1


def test_a_response_and_its_update_are_different_things_to_thank(alice, bob, carol, ask):
    question = make_response(ask, carol, kind="question", body="For which team?")
    say_thanks(bob, update_id=ask.pk)
    say_thanks(bob, response_id=question.pk)
    say_thanks(alice, response_id=question.pk)
    assert Thanks.objects.count() == 3


@pytest.mark.parametrize(
    "how, message",
    [
        ("self_response", "You can't thank yourself."),
        ("self_update", "You can't thank yourself."),
        ("twice_response", "You have already thanked Bob Baker for this response."),
        ("twice_update", "You have already thanked Alice Archer for this update."),
        ("long_note", f"at most {NOTE_MAX_LENGTH} characters"),
        ("nothing", "Say what helped"),
        ("both", "Say what helped"),
    ],
)
def test_refused_thanks_change_nothing(alice, bob, ask, offer, unchanged, how, message):
    if how.startswith("twice"):
        say_thanks(alice, response_id=offer.pk)
        say_thanks(bob, update_id=ask.pk)
    calls = {
        "self_response": lambda: say_thanks(bob, response_id=offer.pk),
        "self_update": lambda: say_thanks(alice, update_id=ask.pk),
        "twice_response": lambda: say_thanks(alice, response_id=offer.pk, note="again"),
        "twice_update": lambda: say_thanks(bob, update_id=ask.pk),
        "long_note": lambda: say_thanks(alice, response_id=offer.pk, note="x" * 281),
        "nothing": lambda: say_thanks(alice),
        "both": lambda: say_thanks(alice, response_id=offer.pk, update_id=ask.pk),
    }
    if how.startswith("twice"):
        before = snapshot()
    with pytest.raises(ValidationError) as refused:
        calls[how]()
    assert message in " ".join(refused.value.messages)
    if how.startswith("twice"):
        assert snapshot() == before
    else:
        unchanged()


@pytest.mark.parametrize("state", ["followers", "only_me", "draft", "deleted", "hidden", "missing"])
def test_thanking_what_you_cannot_see_is_not_found(alice, bob, state):
    audience = state if state in Audience.values else Audience.COMMUNITY
    update = make_update(alice, body="Secret plans.", audience=audience, publish=state != "draft")
    if state == "deleted":
        delete_update(update, alice)
    elif state == "hidden":
        WorkUpdate.objects.filter(pk=update.pk).update(hidden_at=timezone.now())
    update_id = update.pk + 1000 if state == "missing" else update.pk
    before = snapshot()
    with pytest.raises(Http404):
        say_thanks(bob, update_id=update_id)
    assert snapshot() == before


def test_thanking_a_response_on_an_update_made_private_is_not_found(alice, bob, carol, ask, offer):
    edit_update(WorkUpdate.objects.get(pk=ask.pk), alice, audience=Audience.ONLY_ME)
    with pytest.raises(Http404):
        say_thanks(carol, response_id=offer.pk)
    with pytest.raises(Http404):
        say_thanks(carol, response_id=offer.pk + 1000)
    assert not Thanks.objects.exists()


def test_a_former_member_cannot_be_thanked(alice, bob, ask, offer):
    bob.is_active = False
    bob.save()
    with pytest.raises(ValidationError, match="no longer a member"):
        say_thanks(alice, response_id=offer.pk)


def test_the_thanks_notification_leaves_with_the_update(alice, bob, ask, offer):
    say_thanks(alice, response_id=offer.pk)
    assert [n.kind for n in notifications_for(bob)] == ["thanks"]
    assert unread_count(bob) == 1
    edit_update(WorkUpdate.objects.get(pk=ask.pk), alice, audience=Audience.ONLY_ME)
    assert list(notifications_for(bob)) == []
    assert unread_count(bob) == 0


# --- the page: a "Say thanks" control, then "You thanked X" --------------------------------


def test_update_page_offers_thanks_on_others_responses_and_update(
    client_for, alice, bob, carol, ask, offer
):
    mine = make_response(ask, alice, kind="comment", body="Thanks, Bob!", parent_id=offer.pk)
    page = text(client_for(carol).get(ask.get_absolute_url()))
    assert page.count("Say thanks") == 3  # the update, Bob's offer, Alice's reply
    page = text(client_for(alice).get(ask.get_absolute_url()))
    assert page.count("Say thanks") == 1  # Bob's offer only: not her own update or reply
    assert f'name="response_id" value="{offer.pk}"' in page
    assert f'name="response_id" value="{mine.pk}"' not in page


def test_saying_thanks_without_javascript(client_for, alice, bob, ask, offer):
    client = client_for(alice)
    answer = client.post("/relationships/generosity/thanks/", {"response_id": offer.pk})
    assert answer.status_code == 302
    assert answer["Location"] == f"{ask.get_absolute_url()}#response-{offer.pk}"
    page = text(client.get(answer["Location"]))
    assert "You thanked Bob Baker. Only they will see it." in page
    assert "♥ You thanked Bob Baker" in page
    assert "Say thanks" not in page
    # Bob sees who thanked him on his response; Carol sees nothing of it.
    assert "Alice Archer thanked you" in text(client_for(bob).get(ask.get_absolute_url()))


def test_saying_thanks_with_htmx_answers_the_control(client_for, alice, bob, carol, ask, offer):
    client = client_for(alice)
    answer = client.post(
        "/relationships/generosity/thanks/",
        {"response_id": offer.pk, "note": "Exactly what I needed."},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    body = text(answer)
    assert f'id="thanks-response-{offer.pk}"' in body
    assert "♥ You thanked Bob Baker" in body
    assert "<html" not in body
    assert Thanks.objects.get().note == "Exactly what I needed."
    bobs_page = text(client_for(bob).get(ask.get_absolute_url()))
    assert "Alice Archer thanked you" in bobs_page and "“Exactly what I needed.”" in bobs_page
    carols_page = text(client_for(carol).get(ask.get_absolute_url()))
    assert "thanked" not in carols_page and "Exactly what I needed" not in carols_page


def test_thanks_page_reads_the_viewers_thanks_once(
    client_for, alice, ask, offer, django_assert_max_num_queries
):
    for n in range(6):
        make_response(ask, make_person(f"helper{n}"), body=f"Idea {n}")
    client = client_for(alice)
    client.get(ask.get_absolute_url())  # warm up (session, caches)
    with django_assert_max_num_queries(14):
        page = client.get(ask.get_absolute_url())
    assert text(page).count("Say thanks") == 7


@pytest.mark.parametrize(
    "data, status, message",
    [
        ({"note": "x" * 281}, 302, "at most 280 characters"),
        ({}, 404, None),
        ({"response_id": "abc"}, 404, None),
        ({"response_id": "99999999999999999999999"}, 404, None),
        ({"update_id": "0"}, 404, None),
    ],
)
def test_bad_thanks_through_the_form_change_nothing(
    client_for, alice, bob, ask, offer, unchanged, data, status, message
):
    client = client_for(alice)
    if data and "note" in data:
        data = {**data, "response_id": offer.pk}
    answer = client.post("/relationships/generosity/thanks/", data)
    assert answer.status_code == status
    unchanged()
    if message:
        assert message in text(client.get(answer["Location"]))


def test_thanking_twice_through_the_form_says_so(client_for, alice, bob, ask, offer):
    client = client_for(alice)
    client.post("/relationships/generosity/thanks/", {"response_id": offer.pk})
    before = snapshot()
    answer = client.post(
        "/relationships/generosity/thanks/",
        {"response_id": offer.pk},
        headers={"HX-Request": "true"},
    )
    assert "You have already thanked Bob Baker for this response." in text(answer)
    assert snapshot() == before


def test_thanking_yourself_through_the_form_says_so(client_for, bob, ask, offer, unchanged):
    answer = client_for(bob).post(
        "/relationships/generosity/thanks/", {"response_id": offer.pk}, follow=True
    )
    assert "You can&#x27;t thank yourself." in answer.content.decode()
    unchanged()


def test_thanking_what_you_cannot_see_through_the_form_is_404(client_for, alice, carol, unchanged):
    secret = make_update(alice, body="Only me.", audience=Audience.ONLY_ME)
    unchanged_before = Thanks.objects.count()
    answer = client_for(carol).post("/relationships/generosity/thanks/", {"update_id": secret.pk})
    assert answer.status_code == 404
    assert "Only me." not in text(answer)
    assert Thanks.objects.count() == unchanged_before


def test_anonymous_cannot_say_thanks(client, ask, unchanged):
    answer = client.post("/relationships/generosity/thanks/", {"update_id": ask.pk})
    assert answer.status_code == 302 and "/login" in answer["Location"]
    unchanged()


def test_get_is_not_allowed(client_for, alice):
    assert client_for(alice).get("/relationships/generosity/thanks/").status_code == 405


def test_the_database_itself_refuses_a_second_thanks(alice, bob, ask, offer):
    """Two identical thanks sent at once cannot both land: the constraints hold in SQL too."""
    from django.db import IntegrityError, transaction

    say_thanks(alice, response_id=offer.pk)
    say_thanks(bob, update_id=ask.pk)
    for duplicate in (
        Thanks(giver=alice, receiver=bob, update=ask, response=offer),
        Thanks(giver=bob, receiver=alice, update=ask),
        Thanks(giver=alice, receiver=alice, update=ask),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            duplicate.save()
    assert Thanks.objects.count() == 2
