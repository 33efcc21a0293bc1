"""Placeholders: claimed through an emailed invitation, or merged into a member, keeping
their history; imported text stays its author's alone."""

import re

import pytest
from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.test import Client, RequestFactory
from django.urls import reverse

from workaloud.imports import pipeline, services
from workaloud.imports.models import ImportedText, Placeholder, SourceIdentity
from workaloud.people.models import User
from workaloud.relationships.models import Interaction, Relationship
from workaloud.relationships.recompute import rebuild_all
from workaloud.testing.smtp import smtp_server, text_of

pytestmark = pytest.mark.django_db


def imported(path, name="team", **options):
    found = pipeline.review("slack", name, str(path), pipeline.Options(**options))
    pipeline.write(found, "slack", str(path), pipeline.Options(**options))
    rebuild_all()
    identities = SourceIdentity.objects.filter(source=f"slack:{name}").select_related("person")
    return {i.source_id: i.person for i in identities}


def can_log_in(username, password) -> bool:
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password) is not None


def history(person):
    return sorted(
        Interaction.objects.filter(actor=person).values_list("kind", "target_id", "source_key")
    ) + sorted(
        Interaction.objects.filter(target=person).values_list("kind", "actor_id", "source_key")
    )


def test_a_placeholder_cannot_log_in(slack_zip):
    cy = imported(slack_zip)["UCY"]
    assert not can_log_in(cy.username, "")
    assert not can_log_in(cy.username, "!imported")


def test_claiming_an_invitation_keeps_the_history(slack_zip, organiser, settings):
    cy = imported(slack_zip)["UCY"]
    before = history(cy)
    with smtp_server(settings, sender="workaloud@wol.example.org") as inbox:
        link = services.invite(cy, "cy@new.example", organiser)
        [message] = inbox.to("cy@new.example")
    assert link in text_of(message)
    path = re.search(r"https?://[^/]+(/accounts/claim/\S+/)", text_of(message)).group(1)
    visitor = Client()
    page = visitor.get(path)
    assert page.status_code == 200 and b"Claim your history" in page.content
    answer = visitor.post(
        path, {"username": "cycole", "password": "a long enough pass 42", "display_name": "Cy Cole"}
    )
    assert answer.status_code == 302
    cy.refresh_from_db()
    assert cy.username == "cycole" and cy.is_active and cy.email == "cy@new.example"
    assert not Placeholder.objects.filter(person=cy).exists()
    assert history(cy) == before
    assert can_log_in("cycole", "a long enough pass 42")
    # The link worked once.
    assert visitor.get(path).status_code == 400


def test_a_tampered_or_replaced_invitation_is_refused(slack_zip, organiser, settings):
    cy = imported(slack_zip)["UCY"]
    with smtp_server(settings, sender="w@wol.example.org"):
        first = services.invite(cy, "cy@one.example", organiser)
        services.invite(cy, "cy@two.example", organiser)
    with pytest.raises(ValidationError, match="used or replaced"):
        services.placeholder_for_token(first.rstrip("/").rsplit("/", 1)[1])
    with pytest.raises(ValidationError, match="not valid"):
        services.placeholder_for_token("nonsense")


def test_merging_keeps_history_and_drops_self_and_duplicate_rows(slack_zip, organiser, make_person):
    people = imported(slack_zip)
    ann, bo, cy = people["UANN"], people["UBO"], people["UCY"]
    bob = make_person("bob")
    # Bob is Bo: he already has a native act towards Bo's placeholder (becomes a self-act)
    # and the same imported act towards Ann (a duplicate once merged).
    Interaction.objects.create(
        actor=bob,
        target=bo,
        kind="follow",
        occurred_at="2024-03-01T08:00Z",
        source="native",
        source_key="follow:1",
    )
    dup = Interaction.objects.get(source="slack:team", actor=bo, target=ann, kind="reaction")
    Interaction.objects.create(
        actor=bob,
        target=ann,
        kind="reaction",
        occurred_at=dup.occurred_at,
        source=dup.source,
        source_key=dup.source_key,
    )
    involved = set(
        Interaction.objects.filter(Q(actor__in=[bo, bob]) | Q(target__in=[bo, bob])).values_list(
            "pk", flat=True
        )
    )
    rebuild_all()
    result = services.merge(bo, bob, organiser)
    assert result["dropped"] == 2
    assert not User.objects.filter(pk=bo.pk).exists()
    now = set(Interaction.objects.filter(Q(actor=bob) | Q(target=bob)).values_list("pk", flat=True))
    assert len(now) == len(involved) - 2 and now < involved  # the same rows, re-pointed
    assert not Interaction.objects.filter(actor=bob, target=bob).exists()
    assert SourceIdentity.objects.get(source_id="UBO").person == bob
    # Pair figures follow at once: bob ↔ ann and bob ↔ cy exist, as a rebuild would make them.
    stored = {
        (r.person_a_id, r.person_b_id): (r.count_a_to_b, r.count_b_to_a, r.stage)
        for r in Relationship.objects.all()
    }
    rebuild_all()
    rebuilt = {
        (r.person_a_id, r.person_b_id): (r.count_a_to_b, r.count_b_to_a, r.stage)
        for r in Relationship.objects.all()
    }
    assert stored == rebuilt
    assert (min(bob.pk, cy.pk), max(bob.pk, cy.pk)) in stored


def test_only_importers_invite_or_merge(slack_zip, alice, bob):
    cy = imported(slack_zip)["UCY"]
    with pytest.raises(PermissionDenied):
        services.merge(cy, bob, alice)
    with pytest.raises(PermissionDenied):
        services.invite(cy, "cy@x.example", alice)
    with pytest.raises(ValidationError):
        services.merge(bob, alice, _importer(alice))


def _importer(person):
    from django.contrib.auth.models import Permission

    person.user_permissions.add(Permission.objects.get(codename="run_imports"))
    return User.objects.get(pk=person.pk)


def test_imported_text_is_kept_only_on_request_and_shown_to_its_author_alone(
    slack_zip, make_person, organiser, settings
):
    ann = make_person("ann")
    imported(slack_zip, "plain-acts")
    assert not ImportedText.objects.exists()  # not asked for: no text at all
    people = imported(slack_zip, with_text=True)
    assert people["UANN"] == ann
    mine = list(services.texts_of(ann).values_list("text", flat=True))
    assert "Draft is up, <@UBO> can you look?" in mine
    assert all(t.author == ann for t in services.texts_of(ann))
    # Others see none of it: not the people it was addressed to, not organisers.
    bo = people["UBO"]
    assert not services.texts_of(bo).exists()  # a placeholder never reads anything
    assert not services.texts_of(organiser).exists()
    page = Client()
    page.force_login(organiser)
    assert b"Draft is up" not in page.get(reverse("imports_my_texts")).content
    for url in (reverse("imports_home"), reverse("imports_people")):
        assert b"Draft is up" not in page.get(url).content
    page.force_login(ann)
    assert b"Draft is up" in page.get(reverse("imports_my_texts")).content
    # Bo claims his placeholder: his own messages become readable by him, and only his.
    with smtp_server(settings, sender="w@wol.example.org"):
        link = services.invite(bo, "bo@new.example", organiser)
    bo = services.claim(
        link.rstrip("/").rsplit("/", 1)[1], username="bo.brand", password="a long enough pass 42"
    )
    assert set(services.texts_of(bo).values_list("text", flat=True)) == {"Looks good"}


def test_an_invitation_that_cannot_be_sent_changes_nothing(slack_zip, organiser, settings):
    cy = imported(slack_zip)["UCY"]
    with smtp_server(settings, sender="w@wol.example.org") as inbox:
        inbox.refuse.add("cy@new.example")
        with pytest.raises(ValidationError, match="could not be sent"):
            services.invite(cy, "cy@new.example", organiser)
    placeholder = Placeholder.objects.get(person=cy)
    assert placeholder.invited_email == "" and placeholder.invited_at is None


def test_a_claim_with_a_bad_username_or_password_is_refused_on_its_field(
    slack_zip, organiser, settings
):
    cy = imported(slack_zip)["UCY"]
    with smtp_server(settings, sender="w@wol.example.org"):
        link = services.invite(cy, "cy@new.example", organiser)
    path = link.split("wol.example.org", 1)[1] if "wol.example.org" in link else link
    visitor = Client()
    page = visitor.post(path, {"username": "no spaces", "password": "a long enough pass 42"})
    assert page.status_code == 200 and "so that @mentions find you" in page.content.decode()
    page = visitor.post(path, {"username": "cycole", "password": "123"})
    assert page.status_code == 200 and "too short" in page.content.decode()
    cy.refresh_from_db()
    assert not cy.is_active and Placeholder.objects.filter(person=cy).exists()
