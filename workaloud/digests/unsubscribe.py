"""One-click unsubscribe links: a signed token naming the person and the list.

The token is ``django.core.signing`` over ``{"p": person id, "l": "digest"}`` with a salt of
its own (a token signed for anything else in the project never passes here) and a timestamp:
a link works for ``DIGEST_UNSUBSCRIBE_MAX_AGE`` (default 180 days, longer than anyone keeps a
digest before acting on it). Anyone holding the link may turn that person's digest off, and
nothing else: it opens no session and reads nothing. Turning it off is the only act, so a
leaked link costs at worst a digest that the person turns back on in their settings.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction

from workaloud.notifications import preferences
from workaloud.people.models import User

SALT = "workaloud.digests.unsubscribe"
LIST = "digest"


def max_age() -> int:
    return int(getattr(settings, "DIGEST_UNSUBSCRIBE_MAX_AGE", 180 * 24 * 3600))


def make_token(person) -> str:
    return signing.dumps({"p": person.pk, "l": LIST}, salt=SALT, compress=False)


def person_for(token: str) -> User:
    """The person a valid token names; ValidationError with a message for the reader if it was
    altered, has expired, or names nobody who is still a member."""
    if not isinstance(token, str) or not token or len(token) > 400:
        raise ValidationError("This unsubscribe link is incomplete. Copy the whole link.")
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise ValidationError(
            "This unsubscribe link has expired. Use the link in a recent digest, or turn the "
            "digest off in your email settings."
        ) from None
    except signing.BadSignature:
        raise ValidationError(
            "This unsubscribe link is not valid: it may have been cut short or altered. Use the "
            "link exactly as it came in the email, or turn the digest off in your settings."
        ) from None
    if not isinstance(data, dict) or data.get("l") != LIST or not isinstance(data.get("p"), int):
        raise ValidationError("This unsubscribe link is not valid for the digest.")
    person = User.objects.filter(pk=data["p"], is_active=True).first()
    if person is None:
        raise ValidationError("This unsubscribe link belongs to an account that no longer exists.")
    return person


def unsubscribe(token: str) -> User:
    """Turn off the digest of the person the token names; returns them. Changes nothing when
    the token is not valid (ValidationError)."""
    with transaction.atomic():
        person = person_for(token)
        preferences.set_digest_frequency(person, "off")
    return person
