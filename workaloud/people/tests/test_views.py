"""HTML views of people: signing up, profiles, following, finding people, API tokens."""

import html

import pytest
from django.test import Client

from workaloud.notifications.models import Notification, NotificationKind
from workaloud.people.models import ApiToken, Follow, User
from workaloud.people.services import follow, user_for_token
from workaloud.testing.factories import make_goal, make_person, make_update


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_signup_logs_in_and_asks_for_a_purpose(db):
    client = Client()
    response = client.post(
        "/accounts/signup/",
        {
            "display_name": "Dana Doe",
            "username": "dana",
            "email": "dana@example.org",
            "password": "a fine long passphrase 42",
            "password_again": "a fine long passphrase 42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/settings/"
    dana = User.objects.get(username="dana")
    assert dana.display_name == "Dana Doe"
    assert dana.check_password("a fine long passphrase 42")
    assert client.session["_auth_user_id"] == str(dana.pk)
    page = client.get("/settings/")
    assert page.status_code == 200
    assert "Welcome! Start by saying what your work is for." in text(page)


def test_signup_page_sends_members_home(alice, client_for):
    assert client_for(alice).get("/accounts/signup/")["Location"] == "/"


def test_signup_and_login_pages_are_open_in_a_private_community(db, settings):
    settings.COMMUNITY_PUBLIC = False
    assert Client().get("/accounts/signup/").status_code == 200
    assert Client().get("/accounts/login/").status_code == 200
    assert Client().get("/people/")["Location"].startswith("/accounts/login/")


def test_profile_edit_saves_and_shows_on_the_profile(alice, client_for):
    client = client_for(alice)
    assert client.get("/settings/").status_code == 200
    response = client.post(
        "/settings/",
        {
            "display_name": "  Alice A. Archer ",
            "bio": "Builds platforms.",
            "team": "Platform",
            "location": "Lisbon",
            "timezone": "Europe/Lisbon",
            "languages": "English, Português",
            "purpose": "I help product teams ship safely, so that customers trust us.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/people/alice/"
    alice.refresh_from_db()
    assert alice.display_name == "Alice A. Archer"
    assert alice.timezone == "Europe/Lisbon"
    assert alice.language_list == ["English", "Português"]
    page = text(client.get("/people/alice/"))
    assert "I help product teams ship safely" in page
    assert "Europe/Lisbon" in page and "Lisbon" in page
    assert "Speaks English, Português" in page
    assert "Your profile is saved." in page


def test_profile_shows_visible_updates_goals_and_counts(alice, bob, carol, client_for):
    follow(bob, alice)
    follow(carol, alice)
    make_goal(alice, title="Ship the platform guide")
    make_update(alice, body="Wrote the intro chapter")
    page = text(client_for(bob).get("/people/alice/"))
    assert "Wrote the intro chapter" in page
    assert "Ship the platform guide" in page
    assert "<strong>2</strong> followers" in page
    assert "Following ✓" in page  # bob already follows alice


def test_unknown_profile_is_not_found(alice, client_for):
    assert client_for(alice).get("/people/nobody/").status_code == 404


class TestFollowing:
    def test_follow_and_unfollow(self, alice, bob, client_for):
        client = client_for(alice)
        response = client.post("/people/bob/follow/")
        assert response.status_code == 302 and response["Location"] == "/people/bob/"
        assert Follow.objects.filter(follower=alice, followed=bob).exists()
        note = Notification.objects.get(recipient=bob)
        assert note.kind == NotificationKind.FOLLOW and note.actor == alice

        client.post("/people/bob/follow/")  # twice is still once
        assert Follow.objects.filter(follower=alice, followed=bob).count() == 1
        assert Notification.objects.filter(recipient=bob).count() == 1

        response = client.post("/people/bob/unfollow/")
        assert response.status_code == 302
        assert not Follow.objects.filter(follower=alice, followed=bob).exists()

    def test_htmx_follow_returns_the_button(self, alice, bob, client_for):
        client = client_for(alice)
        response = client.post("/people/bob/follow/", headers={"HX-Request": "true"})
        assert response.status_code == 200
        assert [t.name for t in response.templates] == ["people/_follow_button.html"]
        body = text(response)
        assert "<html" not in body
        assert "Following ✓" in body
        assert 'hx-post="/people/bob/unfollow/"' in body
        assert Follow.objects.filter(follower=alice, followed=bob).exists()

        response = client.post("/people/bob/unfollow/", headers={"HX-Request": "true"})
        assert response.status_code == 200
        body = text(response)
        assert "<html" not in body and ">Follow<" in body
        assert 'hx-post="/people/bob/follow/"' in body
        assert not Follow.objects.exists()

    def test_following_brings_their_updates_home(self, alice, bob, client_for):
        make_update(bob, body="Bob's progress on the survey")
        client = client_for(alice)
        assert "Bob's progress on the survey" not in text(client.get("/"))
        client.post("/people/bob/follow/")
        assert "Bob's progress on the survey" in text(client.get("/"))


class TestFindingPeople:
    @pytest.fixture
    def people(self, db):
        make_person(
            "dora", display_name="Dora Data", team="Analytics", purpose="Make metrics honest"
        )
        make_person(
            "eli", display_name="Eli Ember", team="Design", purpose="Accessible forms for all"
        )
        make_person("fay", display_name="Fay Field", team="Analytics", purpose="")
        make_person("gone", display_name="Gone Person", team="Analytics", is_active=False)

    @pytest.mark.parametrize(
        "query, found",
        [
            ("Dora", {"Dora Data"}),  # name
            ("dora", {"Dora Data"}),  # any case
            ("analytics", {"Dora Data", "Fay Field"}),  # team; not the deactivated member
            ("accessible", {"Eli Ember"}),  # a purpose word
            ("analytics metrics", {"Dora Data"}),  # every word must match
            ("eli", {"Eli Ember"}),  # username
            ("nobody-here", set()),
        ],
    )
    def test_search_people(self, alice, client_for, people, query, found):
        response = client_for(alice).get("/people/", {"q": query})
        assert response.status_code == 200
        shown = {p.name for p in response.context["people"]}
        assert shown == found
        for name in found:
            assert name in text(response)
        if not found:
            assert "Nobody found." in text(response)

    def test_without_a_query_lists_people_with_a_purpose(self, alice, client_for, people):
        response = client_for(alice).get("/people/")
        assert {p.username for p in response.context["people"]} == {"dora", "eli"}

    def test_search_page_finds_people_too(self, alice, client_for, people):
        response = client_for(alice).get("/search/", {"q": "Analytics"})
        assert {p.username for p in response.context["people"]} == {"dora", "fay"}


class TestApiTokens:
    def test_create_shows_the_token_once_and_revoke_stops_it(self, alice, client_for):
        client = client_for(alice)
        response = client.post("/settings/tokens/", {"name": "weekly report"}, follow=True)
        assert response.redirect_chain == [("/settings/tokens/", 302)]  # a reload can't re-post
        raw = response.context["new_token"]
        assert raw.startswith("wal_") and raw in text(response)
        assert user_for_token(raw) == alice
        token = ApiToken.objects.get(user=alice)
        assert raw not in (token.key_hash, token.hint)  # only a hash is kept

        again = client.get("/settings/tokens/")
        assert raw not in text(again) and "weekly report" in text(again)

        response = client.post(f"/settings/tokens/{token.pk}/revoke/", follow=True)
        assert "Token “weekly report” is revoked" in text(response)
        assert user_for_token(raw) is None

    def test_someone_elses_token_cannot_be_revoked(self, alice, bob, client_for):
        client_for(bob).post("/settings/tokens/", {"name": "bob's script"})
        token = ApiToken.objects.get(user=bob)
        response = client_for(alice).post(f"/settings/tokens/{token.pk}/revoke/", follow=True)
        assert "No such token." in text(response)
        token.refresh_from_db()
        assert token.revoked_at is None
