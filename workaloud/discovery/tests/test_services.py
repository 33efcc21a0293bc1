"""Who could help, aligned people, asks I could help with, beyond my network: real rankings over
the stored profiles, each with its explanation."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from workaloud.audience import Audience
from workaloud.discovery import services, store
from workaloud.discovery.models import Dismissal, HelpRequest, Profile
from workaloud.notifications.models import Notification, NotificationKind
from workaloud.people.services import follow
from workaloud.testing.factories import make_person, make_response, make_update

pytestmark = pytest.mark.django_db


def test_profiles_are_stored_for_everyone(community, alice, bob):
    assert Profile.objects.count() == 4
    assert Profile.objects.get(person=bob).helped == 1  # carol's ask
    assert Profile.objects.get(person=alice).helped == 0


def test_who_could_help_ranks_the_people_who_know_with_evidence(community, alice, bob):
    found = services.who_could_help(alice, community["ask"].pk)
    assert found[0].person == bob
    best = found[0]
    assert {"buddy", "engineers"} <= set(best.words)
    assert best.reason.startswith("Has worked on")
    assert any(e.kind in ("update", "goal") and e.url for e in best.evidence)
    assert "has helped on 1 ask" in best.facts
    assert "other team (Research)" in best.facts
    assert "you have not met yet" in best.facts
    assert alice not in [s.person for s in found]


def test_who_could_help_is_for_the_author_only(community, bob):
    with pytest.raises(PermissionDenied):
        services.who_could_help(bob, community["ask"].pk)


def test_who_could_help_needs_an_open_ask(community, carol):
    update = make_update(carol, body="No ask here.")
    with pytest.raises(ValidationError):
        services.who_could_help(carol, update.pk)


def test_people_already_answering_are_not_suggested(community, alice, bob):
    make_response(community["ask"], bob, body="Happy to share ours.")
    found = services.who_could_help(alice, community["ask"].pk)
    assert bob not in [s.person for s in found]


def test_load_lowers_a_candidate_and_is_explained(community, alice, bob, carol):
    other_ask = make_update(carol, body="Onboarding", ask="Onboarding new engineers: tips?")
    services.ask_them(carol, other_ask.pk, "bob")
    found = services.who_could_help(alice, community["ask"].pk)
    bob_row = next(s for s in found if s.person == bob)
    assert "1 open ask already" in bob_row.facts


def test_ask_them_notifies_once(community, alice, bob):
    services.ask_them(alice, community["ask"].pk, "bob")
    note = Notification.objects.get(recipient=bob)
    assert note.kind == NotificationKind.HELP_ASKED and note.update == community["ask"]
    with pytest.raises(ValidationError):
        services.ask_them(alice, community["ask"].pk, "bob")
    assert HelpRequest.objects.count() == 1
    with pytest.raises(Http404):
        services.ask_them(alice, community["ask"].pk, "nobody")
    with pytest.raises(PermissionDenied):
        services.ask_them(bob, community["ask"].pk, "carol")


def test_ask_them_refuses_someone_who_cannot_see_the_ask(community, alice, carol):
    private = make_update(alice, body="Onboarding", ask="Help?", audience=Audience.FOLLOWERS)
    with pytest.raises(ValidationError):
        services.ask_them(alice, private.pk, "carol")
    assert not HelpRequest.objects.exists()


def test_aligned_people_explained_and_dismissable(community, alice, bob):
    found = services.aligned_people(alice)
    names = [s.person.username for s in found]
    assert "dana" in names
    dana = next(s for s in found if s.person.username == "dana")
    assert dana.reason.startswith("Both working on") and "onboarding" in dana.reason
    assert dana.evidence and all(e.url for e in dana.evidence)
    assert "you have not met yet" in dana.facts
    services.dismiss_person(alice, "dana")
    assert "dana" not in [s.person.username for s in services.aligned_people(alice)]
    assert Dismissal.objects.filter(viewer=alice).count() == 1


def test_reasons_name_telling_words_only(community, alice):
    """Words shared with everyone ("new", "first", "weeks") rank a little but explain nothing;
    near-repeats ("engineer", "engineers") are named once."""
    from workaloud.discovery.text import UNEXPLAINING

    for s in services.aligned_people(alice):
        words = s.reason.removeprefix("Both working on ").split(", ")
        assert not {w.lower() for w in words} & UNEXPLAINING, s.reason
        assert len({w.lower()[:4] for w in words}) == len(words), s.reason
        for e in s.evidence:
            assert not {w.lower() for w in e.words} & UNEXPLAINING


def test_my_own_name_is_no_reason(community, alice):
    """Others mention me by name; sharing my name is no reason to meet them."""
    alice.purpose += " Alice tends the alice onboarding wiki."
    alice.save()
    make_update(community["dana"], body="Alice and alice's onboarding guide, thanks alice!")
    store.refresh_all()
    found = services.aligned_people(alice)
    assert "dana" in [s.person.username for s in found]
    for s in found:
        assert "alice" not in s.reason.lower(), s.reason
        assert all("alice" not in w.lower() for e in s.evidence for w in e.words)


def test_aligned_people_favour_other_teams(community, alice):
    found = services.aligned_people(alice)
    bob = next(s for s in found if s.person.username == "bob")
    assert bob.other_team and "other team (Research)" in bob.facts


def test_aligned_people_leave_out_close_relationships(community, alice):
    from workaloud.relationships.models import Relationship

    dana = community["dana"]
    a, b = sorted((alice.pk, dana.pk))
    Relationship.objects.create(person_a_id=a, person_b_id=b, first_us=1, last_us=2, stage=4)
    assert "dana" not in [s.person.username for s in services.aligned_people(alice)]


def test_dismiss_bad_input(community, alice):
    with pytest.raises(Http404):
        services.dismiss_person(alice, "nobody")
    with pytest.raises(ValidationError):
        services.dismiss_person(alice, "alice")


def test_asks_i_could_help_with(community, bob, alice):
    found = services.asks_i_could_help_with(bob)
    assert [i.update for i in found][:1] == [community["ask"]]
    assert "onboarding" in found[0].words and found[0].reason.startswith("Matches what you know")
    services.dismiss_ask(bob, community["ask"].pk)
    assert community["ask"] not in [i.update for i in services.asks_i_could_help_with(bob)]


def test_beyond_my_network(community, alice, bob):
    found = services.beyond_my_network(alice)
    authors = {i.update.author.username for i in found}
    assert "bob" in authors and "alice" not in authors
    follow(alice, bob)
    assert "bob" not in {i.update.author.username for i in services.beyond_my_network(alice)}


def test_profiles_refresh_when_text_changes(community, django_capture_on_commit_callbacks):
    from workaloud.discovery.tasks import refresh_changed_profiles

    erin = make_person("erin")
    make_update(erin, body="Quantum onboarding of penguins.")
    assert not Profile.objects.filter(person=erin).exists()
    refresh_changed_profiles()  # the job that runs every minute
    profile = Profile.objects.get(person=erin)
    assert profile.length >= 3
    before = profile.text_hash
    assert store.refresh_profiles([erin.pk]) == 0  # unchanged: nothing re-encoded
    assert Profile.objects.get(person=erin).text_hash == before


def test_a_new_purpose_is_refreshed_after_the_commit(community, django_capture_on_commit_callbacks):
    dana = community["dana"]
    before = Profile.objects.get(person=dana).text_hash
    dana.purpose = "Teach penguins to write onboarding guides."
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dana.save()
    assert len(callbacks) == 1
    assert Profile.objects.get(person=dana).text_hash != before
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        dana.save(update_fields=["last_login"])  # a login: nothing to refresh
    assert callbacks == []
