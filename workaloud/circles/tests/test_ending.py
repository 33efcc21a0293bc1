"""The end of the programme: retrospectives, a letter only its writer reads, another 12 weeks,
and circles marked finished — services, pages and the API, with bad input changing nothing."""

import datetime as dt
import zoneinfo

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from workaloud.circles import ending
from workaloud.circles.models import Circle, FutureLetter, Membership, Retrospective
from workaloud.circles.tests.keeping_builders import in_week_12, make_circle
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.testing.db_state import snapshot
from workaloud.testing.factories import make_person
from workaloud.tests.api_helpers import assert_error, call, token_client

pytestmark = pytest.mark.django_db

LETTER = "Dear me, remember how scared you were to post your first update."


@pytest.fixture
def circle(alice, bob, carol):
    return in_week_12(alice, [bob, carol], title="Product people")


@pytest.fixture
def week_11(alice, bob):
    return make_circle(alice, [bob], week=11, started_ago=dt.timedelta(hours=2))


@pytest.fixture
def outsider(db):
    return make_person("oscar", display_name="Oscar Outside")


# -- when it opens --------------------------------------------------------------------------


def test_the_end_opens_with_the_last_meeting(circle, week_11):
    assert ending.ending_is_open(circle)
    assert not ending.ending_is_open(week_11)
    week_11.status = Circle.Status.FINISHED
    assert ending.ending_is_open(week_11)


def test_finish_circles_marks_circles_whose_last_meeting_ended(alice, bob, circle):
    done = make_circle(alice, [bob], week=12, started_ago=dt.timedelta(hours=2))
    assert ending.finish_circles() == 1
    done.refresh_from_db()
    circle.refresh_from_db()
    assert done.status == Circle.Status.FINISHED and circle.status == Circle.Status.CLOSED
    assert ending.finish_circles() == 0  # run again: nothing more to do
    later = timezone.now() + dt.timedelta(hours=1)
    assert ending.finish_circles(now=later) == 1
    circle.refresh_from_db()
    assert circle.status == Circle.Status.FINISHED


# -- retrospective --------------------------------------------------------------------------


def test_write_and_rewrite_a_retrospective(circle, alice):
    r = ending.save_retrospective(
        circle, alice, what_changed="  I post weekly now. ", recommend=9, what_next="A new goal"
    )
    assert (r.what_changed, r.recommend, r.what_next) == ("I post weekly now.", 9, "A new goal")
    again = ending.save_retrospective(circle, alice, what_changed="More", recommend="10")
    assert again.pk == r.pk and (again.what_changed, again.recommend) == ("More", 10)
    assert Retrospective.objects.count() == 1


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"recommend": 11}, "outside the scale"),
        ({"recommend": -1}, "outside the scale"),
        ({"recommend": "ten"}, "whole number from 0 to 10"),
        ({"recommend": None}, "whole number from 0 to 10"),
        ({"recommend": True}, "whole number from 0 to 10"),
        ({"what_changed": "   "}, "What changed is required"),
        ({"what_changed": "x" * 4001}, "at most 4,000"),
        ({"what_next": ["a"]}, "must be text"),
    ],
)
def test_bad_retrospectives_change_nothing(circle, alice, fields, message):
    ending.save_retrospective(circle, alice, what_changed="Before", recommend=5)
    before = snapshot()
    with pytest.raises(ValidationError, match=message):
        ending.save_retrospective(
            circle, alice, **{"what_changed": "After", "recommend": 8, **fields}
        )
    assert snapshot() == before


def test_no_retrospective_before_the_end_or_from_a_non_member(week_11, circle, alice, outsider):
    before = snapshot()
    with pytest.raises(ValidationError, match="has not reached its end"):
        ending.save_retrospective(week_11, alice, what_changed="Early", recommend=8)
    with pytest.raises(PermissionDenied):
        ending.save_retrospective(circle, outsider, what_changed="Hi", recommend=8)
    assert snapshot() == before


# -- the letter -----------------------------------------------------------------------------


def test_a_letter_is_its_writers_alone(circle, alice, bob):
    ending.save_letter(circle, alice, text=LETTER)
    assert ending.letter_of(circle, alice).text == LETTER
    assert ending.letter_of(circle, bob) is None
    assert ending.letters_of(bob) == []
    assert ending.ending_state(circle, bob).letter is None
    with pytest.raises(ValidationError, match="The letter is required"):
        ending.save_letter(circle, bob, text="  ")
    assert not admin.site.is_registered(FutureLetter)


def test_letter_before_the_end_is_refused(week_11, alice):
    with pytest.raises(ValidationError, match="has not reached its end"):
        ending.save_letter(week_11, alice, text=LETTER)
    assert FutureLetter.objects.count() == 0


# -- another 12 weeks -----------------------------------------------------------------------


def test_the_first_to_opt_in_starts_the_next_circle(circle, alice, bob, carol):
    first = ending.continue_circle(circle, bob)
    assert first.created
    new = first.circle
    last = circle.meetings.get(week=12)
    local_last = timezone.localtime(last.starts_at, zoneinfo.ZoneInfo(circle.timezone))
    assert new.previous == circle and new.status == Circle.Status.CLOSED
    assert new.title == "Product people · weeks 13–24"
    assert (new.weekday, new.start_time, new.timezone) == (
        circle.weekday,
        circle.start_time,
        circle.timezone,
    )
    assert (new.format, new.language, new.programme_id, new.size_limit) == (
        circle.format,
        circle.language,
        circle.programme_id,
        circle.size_limit,
    )
    assert new.starts_on == local_last.date() + dt.timedelta(weeks=1)
    assert len(new.feed_token) == 43 and new.feed_token != circle.feed_token
    assert new.meetings.count() == 12
    assert new.meetings.get(week=1).starts_at == last.starts_at + dt.timedelta(weeks=1)
    assert [ms.person for ms in new.memberships.all()] == [bob]

    second = ending.continue_circle(circle, carol)
    assert not second.created and second.circle == new
    assert Circle.objects.filter(previous=circle).count() == 1
    assert set(new.memberships.values_list("person__username", flat=True)) == {"bob", "carol"}
    joined = Notification.objects.get(kind=NotificationKind.CIRCLE_JOINED)
    assert (joined.recipient, joined.actor, joined.circle) == (bob, carol, new)

    state = ending.ending_state(circle, alice)
    assert state.continuation == new and state.can_continue and not state.in_continuation


def test_continuing_twice_and_other_refusals_change_nothing(circle, week_11, alice, bob, outsider):
    ending.continue_circle(circle, bob)
    new = ending.continuation_of(circle)
    before = snapshot()
    with pytest.raises(ValidationError, match="already chosen to continue"):
        ending.continue_circle(circle, bob)
    with pytest.raises(ValidationError, match="has not reached its end"):
        ending.continue_circle(week_11, alice)
    with pytest.raises(PermissionDenied):
        ending.continue_circle(circle, outsider)
    started = new.meetings.get(week=1).starts_at + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError, match="already started"):
        ending.continue_circle(circle, alice, now=started)
    assert snapshot() == before


def test_the_next_circle_keeps_the_size_limit(alice, bob, carol):
    dan, eve = make_person("dan"), make_person("eve")
    circle = in_week_12(alice, [bob, carol, dan], size_limit=4)
    for person in (alice, bob, carol, dan):
        ending.continue_circle(circle, person)
    Membership.objects.create(circle=circle, person=eve)  # a fifth member, somehow
    before = snapshot()
    with pytest.raises(ValidationError, match="full: 4 of 4"):
        ending.continue_circle(circle, eve)
    assert snapshot() == before


def test_a_continued_circle_continues_again(circle, alice):
    new = ending.continue_circle(circle, alice).circle
    Circle.objects.filter(pk=new.pk).update(status=Circle.Status.FINISHED)
    new.refresh_from_db()
    third = ending.continue_circle(new, alice).circle
    assert third.title == "Product people · weeks 25–36" and third.previous == new


# -- pages ----------------------------------------------------------------------------------


def test_end_page_and_partial(client_for, circle, alice, bob):
    ending.save_retrospective(circle, bob, what_changed="I found my people.", recommend=10)
    ending.save_letter(circle, bob, text=LETTER)
    page = client_for(alice).get(f"/circles/{circle.pk}/end/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "I found my people." in html and "Bob Baker" in html
    assert LETTER not in html  # Bob's letter: not even the word of it for Alice
    detail = client_for(alice).get(f"/circles/{circle.pk}/").content.decode()
    assert 'data-testid="circle-ending"' in detail and LETTER not in detail
    assert "Write your retrospective" in detail


def test_write_a_retrospective_on_the_page(client_for, circle, alice):
    c = client_for(alice)
    url = f"/circles/{circle.pk}/end/retrospective/"
    assert c.get(url).status_code == 200
    answer = c.post(url, {"what_changed": "Braver", "recommend": "8", "what_next": "Mentor"})
    assert answer.status_code == 302 and answer["Location"] == f"/circles/{circle.pk}/end/"
    r = Retrospective.objects.get()
    assert (r.person, r.recommend, r.what_changed) == (alice, 8, "Braver")
    edit = c.get(url).content.decode()
    assert "Braver" in edit and 'value="8"' in edit


@pytest.mark.parametrize(
    "data",
    [
        {"what_changed": "x", "recommend": "11"},
        {"what_changed": "x", "recommend": "-1"},
        {"what_changed": "x"},
        {"what_changed": "", "recommend": "5"},
        {"what_changed": "x" * 4001, "recommend": "5"},
    ],
)
def test_bad_retrospective_pages_change_nothing(client_for, circle, alice, data):
    before = snapshot()
    answer = client_for(alice).post(f"/circles/{circle.pk}/end/retrospective/", data)
    assert answer.status_code == 400
    assert 'class="errorlist' in answer.content.decode()
    assert snapshot() == before


def test_retrospective_page_before_the_end(client_for, week_11, alice):
    before = snapshot()
    answer = client_for(alice).post(
        f"/circles/{week_11.pk}/end/retrospective/", {"what_changed": "x", "recommend": "5"}
    )
    assert answer.status_code == 400 and "has not reached its end" in answer.content.decode()
    assert snapshot() == before


def test_letter_pages_show_only_my_letter(client_for, circle, alice, bob, admin_user):
    c = client_for(alice)
    answer = c.post(f"/circles/{circle.pk}/end/letter/", {"text": LETTER})
    assert answer.status_code == 302
    assert LETTER in c.get(f"/circles/{circle.pk}/end/letter/").content.decode()
    assert LETTER in c.get("/circles/letters/").content.decode()
    for url in (
        f"/circles/{circle.pk}/end/letter/",
        f"/circles/{circle.pk}/end/",
        f"/circles/{circle.pk}/",
        "/circles/letters/",
    ):
        assert LETTER not in client_for(bob).get(url).content.decode(), url
    # An administrator, not a member: the circle's pages are 404, the admin has no letters.
    root = client_for(admin_user)
    assert root.get(f"/circles/{circle.pk}/end/letter/").status_code == 404
    assert root.get("/admin/circles/futureletter/").status_code == 404
    assert LETTER not in root.get("/circles/letters/").content.decode()


def test_empty_letter_is_refused(client_for, circle, alice):
    before = snapshot()
    answer = client_for(alice).post(f"/circles/{circle.pk}/end/letter/", {"text": "  "})
    assert answer.status_code == 400 and snapshot() == before


def test_continue_on_the_page(client_for, circle, bob, carol, outsider):
    answer = client_for(bob).post(f"/circles/{circle.pk}/end/continue/", follow=True)
    assert answer.status_code == 200
    assert "You are in: the next 12 weeks start" in answer.content.decode()
    page = client_for(carol).get(f"/circles/{circle.pk}/end/").content.decode()
    assert "Bob Baker is continuing for another 12 weeks" in page and "Join them" in page
    twice = client_for(bob).post(f"/circles/{circle.pk}/end/continue/", follow=True)
    assert "already chosen to continue" in twice.content.decode()
    assert Circle.objects.filter(previous=circle).count() == 1
    assert client_for(outsider).post(f"/circles/{circle.pk}/end/continue/").status_code == 404
    assert client_for(bob).get(f"/circles/{circle.pk}/end/continue/").status_code == 405


def test_end_pages_are_for_members(client_for, circle, outsider):
    for url in ("end/", "end/retrospective/", "end/letter/"):
        assert client_for(outsider).get(f"/circles/{circle.pk}/{url}").status_code == 404


# -- API ------------------------------------------------------------------------------------


def test_api_retrospective_and_ending(circle, alice, bob):
    answer = call(
        token_client(alice)[0],
        "put",
        f"/api/circles/{circle.pk}/retrospective",
        {"what_changed": "Braver", "recommend": 9},
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["recommend"] == 9 and answer.json()["person"]["username"] == "alice"
    state = call(token_client(bob)[0], "get", f"/api/circles/{circle.pk}/ending").json()
    assert state["is_open"] and not state["wrote_retrospective"] and state["can_continue"]
    assert [r["what_changed"] for r in state["retrospectives"]] == ["Braver"]


@pytest.mark.parametrize(
    "payload, status, field",
    [
        ({"what_changed": "x", "recommend": 11}, 422, "recommend"),
        ({"what_changed": "x", "recommend": -1}, 422, "recommend"),
        ({"what_changed": "x", "recommend": "lots"}, 422, "recommend"),
        ({"what_changed": "x"}, 422, "recommend"),
        ({"what_changed": "x", "recommend": 5, "extra": 1}, 422, "extra"),
        ({"what_changed": "x" * 4001, "recommend": 5}, 422, "what_changed"),
        ({"what_changed": "   ", "recommend": 5}, 400, "what_changed"),
    ],
)
def test_api_bad_retrospectives_change_nothing(circle, alice, payload, status, field):
    client = token_client(alice)[0]
    before = snapshot()
    answer = call(client, "put", f"/api/circles/{circle.pk}/retrospective", payload)
    assert_error(answer, status, field)
    assert snapshot() == before


def test_api_refusals(circle, week_11, alice, outsider, client):
    mine, stranger = token_client(alice)[0], token_client(outsider)[0]
    before = snapshot()
    body = {"what_changed": "x", "recommend": 5}
    detail = assert_error(call(mine, "put", f"/api/circles/{week_11.pk}/retrospective", body), 400)[
        "detail"
    ]
    assert "has not reached its end" in detail
    assert_error(call(stranger, "put", f"/api/circles/{circle.pk}/retrospective", body), 404)
    assert_error(call(stranger, "get", f"/api/circles/{circle.pk}/ending"), 404)
    assert_error(call(stranger, "post", f"/api/circles/{circle.pk}/continue"), 404)
    assert_error(call(client, "get", f"/api/circles/{circle.pk}/ending"), 401)
    assert_error(call(stranger, "get", "/api/circles/999999/ending"), 404)
    assert snapshot() == before


def test_api_letter_is_its_writers_alone(circle, alice, bob, admin_user):
    mine = token_client(alice)[0]
    answer = call(mine, "put", f"/api/circles/{circle.pk}/letter", {"text": LETTER})
    assert answer.status_code == 200 and answer.json()["text"] == LETTER
    assert call(mine, "get", f"/api/circles/{circle.pk}/letter").json()["text"] == LETTER
    assert [x["text"] for x in call(mine, "get", "/api/circles/letters/mine").json()] == [LETTER]
    for person in (bob, admin_user):
        other = token_client(person)[0]
        assert_error(call(other, "get", f"/api/circles/{circle.pk}/letter"), 404)
        assert call(other, "get", "/api/circles/letters/mine").json() == []
        assert LETTER not in call(other, "get", f"/api/circles/{circle.pk}/ending").content.decode()
    assert_error(call(mine, "put", f"/api/circles/{circle.pk}/letter", {"text": ""}), 400, "text")
    assert_error(call(mine, "put", f"/api/circles/{circle.pk}/letter", {}), 422, "text")


def test_api_continue(circle, alice, bob):
    first = call(token_client(alice)[0], "post", f"/api/circles/{circle.pk}/continue")
    assert first.status_code == 201, first.content
    assert first.json()["created"] and first.json()["circle"]["previous_id"] == circle.pk
    second = call(token_client(bob)[0], "post", f"/api/circles/{circle.pk}/continue")
    assert second.status_code == 200 and not second.json()["created"]
    assert {m["username"] for m in second.json()["circle"]["members"]} == {"alice", "bob"}
    bobs = token_client(bob)[0]
    before = snapshot()
    again = call(bobs, "post", f"/api/circles/{circle.pk}/continue")
    assert "already chosen" in assert_error(again, 400)["detail"]
    assert snapshot() == before


def test_the_partials_show_nothing_to_a_visitor(client_for, alice, bob, outsider):
    open_circle = in_week_12(alice, [bob], status=Circle.Status.OPEN)
    ending.save_retrospective(open_circle, bob, what_changed="Found my people.", recommend=10)
    page = client_for(outsider).get(f"/circles/{open_circle.pk}/")
    assert page.status_code == 200  # an open circle's outline is public
    html = page.content.decode()
    assert 'data-testid="circle-ending"' not in html and 'data-testid="circle-health"' not in html
    assert "Found my people." not in html
