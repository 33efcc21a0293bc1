"""Moderation through Django admin: hide an update, deactivate a member."""

from django.urls import reverse

from workaloud.testing.factories import PASSWORD, make_update
from workaloud.work.models import WorkUpdate


def test_moderator_hides_an_update_everywhere(make_person, alice, bob, client_for):
    admin = make_person("moderator", is_staff=True, is_superuser=True)
    update = make_update(alice, body="Something that breaks the community guidelines")
    response = client_for(admin).post(
        reverse("admin:work_workupdate_changelist"),
        {"action": "hide", "_selected_action": [update.pk]},
    )
    assert response.status_code == 302
    assert WorkUpdate.objects.get(pk=update.pk).hidden_at is not None
    assert client_for(bob).get(update.get_absolute_url()).status_code == 404
    assert "community guidelines" not in client_for(bob).get(reverse("discover")).content.decode()


def test_moderator_deactivates_a_member(make_person, alice, client):
    admin = make_person("moderator", is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.post(
        reverse("admin:people_user_changelist"),
        {"action": "deactivate", "_selected_action": [alice.pk]},
    )
    alice.refresh_from_db()
    assert not alice.is_active
    client.logout()
    response = client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    assert response.status_code == 200  # the form again, not a redirect into the site
    assert "_auth_user_id" not in client.session
    client.force_login(admin)
    assert client.get(reverse("profile", args=["alice"])).status_code == 404


def test_first_administrator_from_the_management_command(db):
    from django.core.management import call_command

    from workaloud.people.models import User

    call_command("createsuperuser", "--noinput", username="root", email="root@example.org")
    assert User.objects.get(username="root").is_superuser
