"""A person's permissions, read in one query (the top bar asks on every page)."""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workaloud.people.models import User
from workaloud.testing.factories import make_person


def _fresh(person) -> User:
    return User.objects.get(pk=person.pk)  # no cached permissions


def test_permissions_given_directly_and_through_a_group_count_in_one_query(db):
    person = make_person("pia")
    person.user_permissions.add(Permission.objects.get(codename="run_imports"))
    organisers = Group.objects.create(name="Organisers")
    organisers.permissions.add(Permission.objects.get(codename="run_campaigns"))
    person.groups.add(organisers)
    person = _fresh(person)
    with CaptureQueriesContext(connection) as queries:
        assert person.has_perm("imports.run_imports")
        assert person.has_perm("campaigns.run_campaigns")
        assert not person.has_perm("circles.organise_circles")
    assert len(queries) == 1
    assert person.get_all_permissions() == {"imports.run_imports", "campaigns.run_campaigns"}
    assert person.get_group_permissions() == {"campaigns.run_campaigns"}


def test_nobody_inactive_or_without_permissions_has_one(db):
    plain = _fresh(make_person("plain"))
    assert not plain.has_perm("imports.run_imports")
    assert plain.get_all_permissions() == set()
    gone = make_person("gone")
    gone.user_permissions.add(Permission.objects.get(codename="run_imports"))
    gone.is_active = False
    gone.save()
    assert not _fresh(gone).has_perm("imports.run_imports")


def test_a_superuser_has_every_permission(db):
    boss = make_person("boss")
    boss.is_superuser = True
    boss.save()
    assert _fresh(boss).get_all_permissions() >= {"imports.run_imports", "campaigns.run_campaigns"}
