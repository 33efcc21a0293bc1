"""Meetings: attendance, shared notes and check-ins (services, pages, API), what they record
in the relationship ledger, and who may see any of it."""

import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from workaloud.audience import Audience
from workaloud.circles import meetings, programme
from workaloud.circles.models import Attendance, CheckIn, Circle, Membership
from workaloud.circles.tests.meetings_builders import make_circle
from workaloud.relationships.models import Interaction, InteractionKind
from workaloud.relationships.services import relationship_between, stage
from workaloud.testing.db_state import snapshot
from workaloud.testing.factories import make_goal

pytestmark = pytest.mark.django_db

NOTES = "Agreed: **Alice** drafts the survey. <script>alert('x')</script>"
SECRET_DID = "Talked to my manager about the reorg"


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def dan(make_person):
    return make_person("dan", display_name="Dan Dunn", timezone="America/New_York")


@pytest.fixture
def circle(alice, bob, carol):
    """Week 2's meeting started three and a half days ago; week 3's is in three and a half."""
    goals = {
        "alice": make_goal(alice, title="Launch the mentoring programme"),
        "bob": make_goal(bob, title="Bob's private aim", audience=Audience.ONLY_ME),
    }
    programme.default_programme()  # made on first use; made here so snapshots compare the rest
    return make_circle([alice, bob, carol], weeks_ago=1.5, goals=goals)


def week(circle, n):
    return circle.meetings.get(week=n)


def meeting_rows(meeting, kind=InteractionKind.CIRCLE_MEETING):
    return Interaction.objects.filter(source_key=f"circle_meeting:{meeting.pk}", kind=kind)


# --- attendance and the ledger ------------------------------------------------------------


def test_attending_together_records_a_circle_meeting_each_way(circle, alice, bob, carol):
    w2 = week(circle, 2)
    meetings.mark_attendance(alice, w2, {alice.pk: True, bob.pk: True, carol.pk: False})
    rows = meeting_rows(w2)
    assert sorted((r.actor_id, r.target_id) for r in rows) == sorted(
        [(alice.pk, bob.pk), (bob.pk, alice.pk)]
    )
    assert all(r.occurred_at == w2.starts_at for r in rows)
    assert stage(alice.pk, bob.pk) == 3  # engagement both ways: reciprocal exchange
    assert relationship_between(alice.pk, carol.pk) is None
    rel = relationship_between(alice.pk, bob.pk)
    assert rel.count_a_to_b == rel.count_b_to_a == 1

    # Marking again changes nothing; Carol arrives late and is marked present.
    meetings.mark_attendance(bob, w2, {alice.pk: True, bob.pk: True})
    assert meeting_rows(w2).count() == 2
    meetings.mark_attendance(bob, w2, {carol.pk: True})
    assert meeting_rows(w2).filter(voided_at__isnull=True).count() == 6
    assert stage(carol.pk, bob.pk) == 3


def test_unmarking_someone_voids_their_rows_and_marking_them_again_restores(
    circle, alice, bob, carol
):
    w1, w2 = week(circle, 1), week(circle, 2)
    meetings.mark_attendance(alice, w1, {alice.pk: True, bob.pk: True, carol.pk: True})
    meetings.mark_attendance(alice, w2, {alice.pk: True, bob.pk: True, carol.pk: True})
    rel = relationship_between(alice.pk, bob.pk)
    assert rel.count_a_to_b == 2

    meetings.mark_attendance(carol, w2, {bob.pk: False})
    live = meeting_rows(w2).filter(voided_at__isnull=True)
    assert sorted((r.actor_id, r.target_id) for r in live) == sorted(
        [(alice.pk, carol.pk), (carol.pk, alice.pk)]
    )
    assert relationship_between(alice.pk, bob.pk).count_a_to_b == 1  # week 1 still counts
    assert Attendance.objects.get(meeting=w2, person=bob).present is False

    meetings.mark_attendance(carol, w2, {bob.pk: True})
    assert meeting_rows(w2).filter(voided_at__isnull=True).count() == 6
    assert meeting_rows(w2).count() == 6  # restored, not duplicated
    assert relationship_between(alice.pk, bob.pk).count_a_to_b == 2


def test_a_pair_with_nothing_left_disappears(circle, alice, bob):
    w2 = week(circle, 2)
    meetings.mark_attendance(alice, w2, {alice.pk: True, bob.pk: True})
    assert stage(alice.pk, bob.pk) == 3
    meetings.mark_attendance(alice, w2, {alice.pk: False})
    assert relationship_between(alice.pk, bob.pk) is None and stage(alice.pk, bob.pk) == 0


def refuse(call, message):
    before = snapshot()
    with pytest.raises(ValidationError) as caught:
        call()
    assert message in " ".join(caught.value.messages), caught.value.messages
    assert snapshot() == before


def test_attendance_refusals(circle, alice, bob, dan):
    refuse(
        lambda: meetings.mark_attendance(alice, week(circle, 3), {alice.pk: True}),
        "The week 3 meeting has not started yet",
    )
    refuse(
        lambda: meetings.mark_attendance(alice, week(circle, 2), {alice.pk: True, dan.pk: True}),
        "Only members of this circle can be marked",
    )
    refuse(lambda: meetings.mark_attendance(alice, week(circle, 2), {}), "Mark at least one")
    with pytest.raises(Http404):
        meetings.mark_attendance(dan, week(circle, 2), {alice.pk: True})
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.FINISHED)
    refuse(
        lambda: meetings.mark_attendance(alice, week(circle, 2), {bob.pk: True}),
        "This circle has finished",
    )


def test_a_member_who_left_cannot_be_marked(circle, alice, carol):
    Membership.objects.filter(circle=circle, person=carol).update(left_at=timezone.now())
    refuse(
        lambda: meetings.mark_attendance(alice, week(circle, 2), {carol.pk: True}),
        "Only members of this circle can be marked",
    )
    with pytest.raises(Http404):  # and cannot mark anyone
        meetings.mark_attendance(carol, week(circle, 2), {alice.pk: True})


# --- check-ins ----------------------------------------------------------------------------


def test_a_check_in_records_once_to_each_other_member(circle, alice, bob, carol):
    w2 = week(circle, 2)
    check_in, created = meetings.save_check_in(
        alice, w2, progress=4, did=SECRET_DID, next_step="Draft the survey", help_needed="Ideas"
    )
    assert created and check_in.progress == 4
    rows = Interaction.objects.filter(kind=InteractionKind.CIRCLE_CHECK_IN)
    assert sorted((r.actor_id, r.target_id) for r in rows) == sorted(
        [(alice.pk, bob.pk), (alice.pk, carol.pk)]
    )
    assert {r.source_key for r in rows} == {f"circle_check_in:{check_in.pk}"}
    assert {r.goal_id for r in rows} == {Membership.objects.get(person=alice).goal_id}
    assert stage(alice.pk, bob.pk) == 2  # engagement one way: interacted
    rel = relationship_between(alice.pk, bob.pk)
    assert rel.a_to_b + rel.b_to_a == pytest.approx(2.0)  # weight 2, just now

    again, created = meetings.save_check_in(alice, w2, progress=6, did="Edited")
    assert not created and again.pk == check_in.pk and again.progress == 6
    assert Interaction.objects.filter(kind=InteractionKind.CIRCLE_CHECK_IN).count() == 2

    meetings.save_check_in(bob, w2, progress=2)
    assert stage(alice.pk, bob.pk) == 3  # both ways now


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"progress": 11}, "from 0 to 10"),
        ({"progress": -1}, "from 0 to 10"),
        ({"progress": "5"}, "from 0 to 10"),
        ({"progress": True}, "from 0 to 10"),
        ({"progress": 5, "did": "x" * 4001}, "at most 4,000"),
        ({"progress": 5, "help_needed": "a\x00b"}, "NUL"),
    ],
)
def test_check_in_bad_input(circle, alice, fields, message):
    refuse(lambda: meetings.save_check_in(alice, week(circle, 2), **fields), message)


def test_check_in_window_and_past_circles(circle, alice, dan):
    refuse(
        lambda: meetings.save_check_in(alice, week(circle, 4), progress=3),
        "The week 4 check-in opens when the week 3 meeting starts",
    )
    refuse(
        lambda: meetings.save_check_in(alice, week(circle, 1), progress=3),
        "The week 1 check-in closed when the next meeting started",
    )
    meetings.save_check_in(alice, week(circle, 3), progress=3)  # ahead of the meeting: fine
    with pytest.raises(Http404):
        meetings.save_check_in(dan, week(circle, 2), progress=3)
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.FINISHED)
    refuse(
        lambda: meetings.save_check_in(alice, week(circle, 3), progress=5),
        "Check-ins for a past circle can no longer be written or changed",
    )


def test_week_12_check_in_stays_open_a_week(alice, bob):
    late = make_circle([alice, bob], weeks_ago=11.5)
    meetings.save_check_in(alice, late.meetings.get(week=12), progress=9)
    opens, closes = meetings.check_in_window(late.meetings.get(week=12), meetings.meetings_of(late))
    assert closes == late.meetings.get(week=12).starts_at + dt.timedelta(days=7)


# --- notes --------------------------------------------------------------------------------


def test_notes_are_shared_and_edits_do_not_overwrite_each_other(circle, alice, bob, carol):
    w2 = week(circle, 2)
    meetings.save_notes(alice, w2, NOTES, edited_since=None)
    w2.refresh_from_db()
    assert w2.notes_updated_by == alice and w2.notes == NOTES
    seen_by_bob = w2.notes_updated_at
    meetings.save_notes(carol, w2, NOTES + "\n\nCarol's part.", edited_since=seen_by_bob)
    refuse(
        lambda: meetings.save_notes(bob, w2, "Bob's version", edited_since=seen_by_bob),
        "Carol Chen saved these notes at",
    )
    refuse(
        lambda: meetings.save_notes(bob, w2, "Bob's version", edited_since=None),
        "while you were editing",
    )
    meetings.save_notes(bob, w2, "Bob overwrites on purpose")  # no edited_since: last one wins
    w2.refresh_from_db()
    assert w2.notes_updated_by == bob


def test_notes_refusals(circle, alice, dan):
    w2 = week(circle, 2)
    refuse(lambda: meetings.save_notes(alice, w2, "n" * 20001), "at most 20,000")
    refuse(lambda: meetings.save_notes(alice, w2, "a\x00b"), "NUL")
    with pytest.raises(Http404):
        meetings.save_notes(dan, w2, "Let me in")
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.FINISHED)
    refuse(lambda: meetings.save_notes(alice, w2, "Late"), "This circle has finished")


# --- the circle page ----------------------------------------------------------------------


def test_circle_page_for_a_member(client_for, circle, alice, dan):
    Membership.objects.create(circle=circle, person=dan)
    response = client_for(dan).get(f"/circles/{circle.pk}/")
    assert response.status_code == 200
    page = text(response)
    assert circle.title in page
    for name in ("Alice Archer", "Bob Baker", "Carol Chen", "Dan Dunn"):
        assert name in page
    assert "Launch the mentoring programme" in page  # Alice's goal is for the community
    assert "Bob's private aim" not in page  # Bob's is his alone
    assert "(America/New_York)" in page and "(Europe/Berlin) in the circle's zone" in page
    assert "Week 3 · Your first small contributions" not in page
    assert "Week 3 · Small first contributions" in page  # this week's prompt
    assert "Relationships start with attention" in page
    assert page.count(f'href="/circles/{circle.pk}/meetings/') >= 12
    assert f"/circles/{circle.pk}/calendar/{circle.feed_token}.ics" in page
    assert response.templates and {
        "circles/_join.html",
        "circles/_updates.html",
        "circles/_health.html",
        "circles/_ending.html",
    } <= {t.name for t in response.templates}


def test_the_owner_sees_their_own_private_goal(client_for, circle, bob):
    assert "Bob's private aim" in text(client_for(bob).get(f"/circles/{circle.pk}/"))


def test_circle_page_shows_nothing_to_outsiders(client_for, circle, dan, make_person):
    staff = make_person("root", is_staff=True, is_superuser=True)
    for person in (dan, staff):
        assert client_for(person).get(f"/circles/{circle.pk}/").status_code == 404
    assert client_for(dan).get("/circles/999999/").status_code == 404


def test_an_open_circle_shows_its_outline_only(client_for, circle, alice, dan):
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.OPEN)
    meetings.save_notes(alice, week(circle, 2), NOTES)
    meetings.save_check_in(alice, week(circle, 2), progress=5, did=SECRET_DID)
    response = client_for(dan).get(f"/circles/{circle.pk}/")
    assert response.status_code == 200
    page = text(response)
    assert circle.title in page and "3 of 5" in page and "English" in page
    for secret in ("Alice Archer", "Launch the mentoring", "drafts the survey", SECRET_DID,
                   circle.feed_token, "Small first contributions", "/meetings/"):  # fmt: skip
        assert secret not in page, secret
    assert client_for(dan).get(f"/circles/{circle.pk}/meetings/2/").status_code == 404


# --- the meeting page ---------------------------------------------------------------------


def test_meeting_page_and_its_forms(client_for, circle, alice, bob, carol):
    client = client_for(alice)
    url = f"/circles/{circle.pk}/meetings/2/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Who could help: your relationship list" in text(page)
    response = client.post(url + "attendance/", {"listed": [alice.pk, bob.pk, carol.pk],
                                                 "present": [alice.pk, bob.pk]})  # fmt: skip
    assert response.status_code == 302
    assert dict(Attendance.objects.values_list("person__username", "present")) == {
        "alice": True, "bob": True, "carol": False,
    }  # fmt: skip
    response = client.post(url + "notes/", {"notes": NOTES, "edited_since": ""})
    assert response.status_code == 302
    response = client.post(
        url + "check-in/", {"progress": "7", "did": SECRET_DID, "next_step": "Survey"}
    )
    assert response.status_code == 302
    raw = client_for(bob).get(url).content.decode()
    assert "<script>alert" not in raw  # sanitised (and escaped in the form)
    page = html.unescape(raw)
    assert "<strong>Alice</strong> drafts the survey" in page
    assert SECRET_DID in page and "Last edited by Alice Archer" in page
    assert "present" in page and "7</strong>/10" in page


@pytest.mark.parametrize(
    "path, data, message",
    [
        ("check-in/", {"progress": "11"}, "Progress on your goal is a whole number from 0 to 10."),
        ("check-in/", {"progress": ""}, "Choose your progress on your goal, from 0 to 10."),
        ("check-in/", {"progress": "5", "did": "x" * 4001}, "at most 4000 characters"),
        ("notes/", {"notes": "n" * 20001}, "at most 20000 characters"),
        ("notes/", {"notes": "x", "edited_since": "yesterday"}, "Reload the page"),
        ("attendance/", {"listed": ["abc"]}, "Nothing was saved"),
        ("attendance/", {"listed": ["999999"], "present": ["999999"]}, "Only members"),
    ],
)
def test_meeting_forms_refuse_bad_input(client_for, circle, alice, path, data, message):
    before = snapshot()
    response = client_for(alice).post(f"/circles/{circle.pk}/meetings/2/{path}", data)
    assert response.status_code == 200
    assert message in text(response)
    assert snapshot() == before


def test_meeting_page_refusals_that_depend_on_time(client_for, circle, alice, bob):
    client = client_for(alice)
    before = snapshot()
    response = client.post(
        f"/circles/{circle.pk}/meetings/3/attendance/",
        {"listed": [alice.pk], "present": [alice.pk]},
    )
    assert "has not started yet" in text(response)
    response = client.post(f"/circles/{circle.pk}/meetings/1/check-in/", {"progress": "5"})
    assert "check-in closed when the next meeting started" in text(response)
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.FINISHED)
    response = client.post(f"/circles/{circle.pk}/meetings/2/check-in/", {"progress": "5"})
    assert "Check-ins for a past circle" in text(response)
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.CLOSED)
    assert snapshot() == before
    for bad in ("13", "0"):
        assert client.get(f"/circles/{circle.pk}/meetings/{bad}/").status_code == 404


def test_meeting_pages_are_for_members_only(client_for, circle, alice, dan, make_person):
    meetings.save_notes(alice, week(circle, 2), NOTES)
    admin = make_person("root", is_staff=True, is_superuser=True)
    before = snapshot()
    for person in (dan, admin):
        client = client_for(person)
        base = f"/circles/{circle.pk}/meetings/2/"
        assert client.get(base).status_code == 404
        assert client.post(base + "notes/", {"notes": "x"}).status_code == 404
        assert client.post(base + "check-in/", {"progress": "3"}).status_code == 404
        assert client.post(base + "attendance/", {"present": [dan.pk]}).status_code == 404
    assert snapshot() == before


# --- API ----------------------------------------------------------------------------------


def api(client, method, url, data=None):
    return getattr(client, method)(url, data, content_type="application/json")


def test_api_circle_and_meeting(client_for, circle, alice, bob, carol):
    client = client_for(alice)
    got = client.get(f"/api/circles/{circle.pk}")
    assert got.status_code == 200
    body = got.json()
    assert body["is_member"] and len(body["meetings"]) == 12 and body["member_count"] == 3
    goals = {m["person"]["username"]: m["goal"] for m in body["members"]}
    assert goals["alice"]["title"] == "Launch the mentoring programme" and goals["bob"] is None
    assert body["this_week"]["number"] == 3 and body["next_meeting"]["week"] == 3
    assert body["calendar_url"].endswith(f"/calendar/{circle.feed_token}.ics")

    base = f"/api/circles/{circle.pk}/meetings/2"
    marked = api(
        client, "put", base + "/attendance", {"present": ["alice", "@Bob"], "absent": ["carol"]}
    )
    assert marked.status_code == 200
    assert {a["person"]["username"]: a["present"] for a in marked.json()["attendance"]} == {
        "alice": True, "bob": True, "carol": False,
    }  # fmt: skip
    assert stage(alice.pk, bob.pk) == 3
    notes = api(client, "put", base + "/notes", {"notes": NOTES, "edited_since": None})
    assert notes.status_code == 200 and "<script>" not in notes.json()["html"]
    stale = api(client_for(bob), "put", base + "/notes", {"notes": "mine", "edited_since": None})
    assert stale.status_code == 400 and "while you were editing" in stale.json()["detail"]
    made = api(client, "put", base + "/check-in", {"progress": 5, "did": SECRET_DID})
    assert made.status_code == 201
    edited = api(client, "put", base + "/check-in", {"progress": 6})
    assert edited.status_code == 200 and edited.json()["progress"] == 6
    meeting = client_for(bob).get(base).json()
    assert meeting["notes"]["text"] == NOTES
    assert [c["person"]["username"] for c in meeting["check_ins"]] == ["alice"]
    assert meeting["title"] == "Who could help: your relationship list"
    assert len(client.get(f"/api/circles/{circle.pk}/meetings").json()) == 12


@pytest.mark.parametrize(
    "method, path, data, status, message",
    [
        ("put", "/meetings/2/check-in", {"progress": 11}, 422, "progress"),
        ("put", "/meetings/2/check-in", {"progress": "5"}, 422, "progress"),
        ("put", "/meetings/2/check-in", {"progress": 5, "mood": "ok"}, 422, "mood"),
        ("put", "/meetings/13/check-in", {"progress": 5}, 422, "week"),
        ("put", "/meetings/1/check-in", {"progress": 5}, 400, "closed when the next meeting"),
        ("put", "/meetings/3/attendance", {"present": ["alice"]}, 400, "has not started yet"),
        ("put", "/meetings/2/attendance", {"present": ["dan"]}, 400, "@dan is not a member"),
        ("put", "/meetings/2/attendance", {"present": ["bob"], "absent": ["bob"]}, 400, "both"),
        ("put", "/meetings/2/notes", {"notes": "n" * 20001}, 422, "notes"),
        ("get", "/meetings/0", None, 422, "week"),
    ],
)
def test_api_refuses_bad_input(client_for, circle, alice, dan, method, path, data, status, message):
    before = snapshot()
    response = api(client_for(alice), method, f"/api/circles/{circle.pk}{path}", data)
    assert response.status_code == status, response.content
    assert message in response.json()["detail"]
    assert snapshot() == before


def test_api_finished_circle_refuses_check_ins(client_for, circle, alice):
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.FINISHED)
    response = api(
        client_for(alice), "put", f"/api/circles/{circle.pk}/meetings/2/check-in", {"progress": 5}
    )
    assert response.status_code == 400
    assert "Check-ins for a past circle" in response.json()["detail"]
    assert not CheckIn.objects.exists()


def test_api_shows_nothing_to_outsiders(client_for, circle, alice, dan, make_person):
    meetings.save_notes(alice, week(circle, 2), NOTES)
    meetings.save_check_in(alice, week(circle, 2), progress=5, did=SECRET_DID)
    admin = make_person("root", is_staff=True, is_superuser=True)
    before = snapshot()
    for person in (dan, admin):
        client = client_for(person)
        for path in ("", "/meetings", "/meetings/2"):
            response = client.get(f"/api/circles/{circle.pk}{path}")
            assert response.status_code == 404, path
            assert "survey" not in response.content.decode()
        for path, data in (
            ("/meetings/2/notes", {"notes": "x"}),
            ("/meetings/2/check-in", {"progress": 1}),
            ("/meetings/2/attendance", {"present": ["alice"]}),
        ):
            assert api(client, "put", f"/api/circles/{circle.pk}{path}", data).status_code == 404
    assert snapshot() == before
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.OPEN)
    outline = client_for(dan).get(f"/api/circles/{circle.pk}")
    assert outline.status_code == 200
    body = outline.json()
    assert body["is_member"] is False and body["member_count"] == 3
    assert body["members"] is None and body["meetings"] is None and body["calendar_url"] is None
    raw = outline.content.decode()
    for secret in ("survey", SECRET_DID, "alice", circle.feed_token):
        assert secret not in raw
    assert client_for(dan).get(f"/api/circles/{circle.pk}/meetings/2").status_code == 404


def test_api_answers_have_their_documented_shapes(client_for, circle, alice, dan):
    from django.test import Client

    from workaloud.tests.test_api_openapi import _response_schema, assert_matches

    document = Client().get("/api/openapi.json").json()
    meetings.save_notes(alice, week(circle, 2), NOTES)
    client = client_for(alice)
    pid = programme.default_programme().pk
    base = f"/api/circles/{circle.pk}"
    checks = [
        ("get", "/api/circles/programmes", "/api/circles/programmes", None, 200),
        ("get", f"/api/circles/programmes/{pid}", "/api/circles/programmes/{programme_id}",
         None, 200),
        ("get", base, "/api/circles/{circle_id}", None, 200),
        ("get", base + "/meetings", "/api/circles/{circle_id}/meetings", None, 200),
        ("get", base + "/meetings/2", "/api/circles/{circle_id}/meetings/{week}", None, 200),
        ("put", base + "/meetings/2/attendance",
         "/api/circles/{circle_id}/meetings/{week}/attendance", {"present": ["alice"]}, 200),
        ("put", base + "/meetings/2/notes", "/api/circles/{circle_id}/meetings/{week}/notes",
         {"notes": "Short"}, 200),
        ("put", base + "/meetings/2/check-in",
         "/api/circles/{circle_id}/meetings/{week}/check-in", {"progress": 4}, 201),
        ("put", base + "/meetings/2/check-in",
         "/api/circles/{circle_id}/meetings/{week}/check-in", {"progress": 5}, 200),
        ("put", base + "/meetings/2/check-in",
         "/api/circles/{circle_id}/meetings/{week}/check-in", {"progress": 50}, 422),
        ("put", base + "/meetings/3/attendance",
         "/api/circles/{circle_id}/meetings/{week}/attendance", {"present": ["alice"]}, 400),
    ]  # fmt: skip
    for method, url, path, payload, status in checks:
        response = api(client, method, url, payload)
        assert response.status_code == status, (url, response.content)
        schema = _response_schema(document, path, method, status)
        assert_matches(document, schema, response.json(), f"{method.upper()} {url}")
    Circle.objects.filter(pk=circle.pk).update(status=Circle.Status.OPEN)
    outline = client_for(dan).get(base)
    schema = _response_schema(document, "/api/circles/{circle_id}", "get", 200)
    assert_matches(document, schema, outline.json(), "outline")


def test_pages_and_answers_take_as_many_queries_for_five_members_as_for_three(
    client_for, make_person
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    programme.default_programme()
    counts = {}
    for n in (3, 5):
        people = [make_person() for _ in range(n)]
        goals = {p.username: make_goal(p) for p in people}
        circle = make_circle(people, weeks_ago=1.5, goals=goals)
        for p in people:
            meetings.save_check_in(p, week(circle, 2), progress=3, did="x")
        meetings.mark_attendance(people[0], week(circle, 2), {p.pk: True for p in people})
        client = client_for(people[0])
        for path in ("/circles/{}/meetings/2/", "/api/circles/{}", "/api/circles/{}/meetings/2"):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path.format(circle.pk)).status_code == 200
            counts.setdefault(path, []).append(len(ctx.captured_queries))
    for path, (three, five) in counts.items():
        assert three == five, (path, three, five)


def test_pages_of_a_circle_before_it_starts_and_after_it_ends(client_for, alice, bob):
    programme.default_programme()
    soon = make_circle([alice, bob], weeks_ago=-2)
    page = text(client_for(alice).get(f"/circles/{soon.pk}/"))
    assert "Week 1 · A goal worth twelve weeks" in page and "Open week 1" in page
    over = make_circle([alice, bob], weeks_ago=13, status=Circle.Status.FINISHED)
    page = text(client_for(alice).get(f"/circles/{over.pk}/"))
    assert "All twelve meetings are behind you" in page
    assert "Week 12 · Celebrate, and what next" in page
    meeting = text(client_for(alice).get(f"/circles/{over.pk}/meetings/5/"))
    assert "This circle has finished; its attendance is kept as it was." in meeting
    assert "Save attendance" not in meeting and "Save notes" not in meeting
    assert "Save check-in" not in meeting
