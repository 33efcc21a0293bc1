"""Actions on people: signing up, profiles, following, API tokens, finding people."""

import secrets

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from workaloud.notifications.models import NotificationKind
from workaloud.notifications.services import notify
from workaloud.people.models import ApiToken, Follow, User, hash_token
from workaloud.relationships.services import record_follow

PROFILE_FIELDS = (
    "display_name",
    "bio",
    "team",
    "department",
    "location",
    "timezone",
    "languages",
    "purpose",
)


@transaction.atomic
def sign_up(*, username: str, password: str, email: str = "", display_name: str = "") -> User:
    user = User(username=username.strip(), email=email.strip(), display_name=display_name.strip())
    user.full_clean(exclude=["password"])
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def update_profile(user: User, **fields) -> User:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown profile field(s): {', '.join(sorted(unknown))}.")
    for name, value in fields.items():
        setattr(user, name, value.strip() if isinstance(value, str) else value)
    user.full_clean(exclude=["password"])
    user.save(update_fields=list(fields))
    return user


@transaction.atomic
def follow(follower: User, followed: User) -> Follow:
    if follower.pk == followed.pk:
        raise ValidationError("You can't follow yourself.")
    if not followed.is_active:
        raise ValidationError("That person's account is not active.")
    existing = Follow.objects.filter(follower=follower, followed=followed).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            relation = Follow.objects.create(follower=follower, followed=followed)
    except IntegrityError:  # a concurrent click got there first
        return Follow.objects.get(follower=follower, followed=followed)
    record_follow(relation)
    notify(followed, follower, NotificationKind.FOLLOW)
    return relation


def unfollow(follower: User, followed: User) -> None:
    Follow.objects.filter(follower=follower, followed=followed).delete()


def is_following(viewer, person) -> bool:
    return (
        viewer.is_authenticated and Follow.objects.filter(follower=viewer, followed=person).exists()
    )


def create_api_token(user: User, name: str) -> tuple[ApiToken, str]:
    """A new token; the raw value is returned once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError(
            {"name": "Give the token a name, such as the script that will use it."}
        )
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, key_hash=hash_token(raw), hint=raw[:10])
    token.full_clean()
    token.save()
    return token, raw


def revoke_api_token(user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        raise ValidationError("No such token.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def user_for_token(raw: str) -> User | None:
    """The active member a presented token belongs to, or None if unknown or revoked."""
    if not raw or not raw.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def search_people(viewer, query: str, limit: int = 20) -> list[User]:
    """People whose name, username, team or purpose match every word of ``query``, best first
    (full-text search: ``workaloud.search``)."""
    from workaloud.search import engine

    hits = engine.query(viewer, query, kinds=["people"], limit=limit, with_counts=False).hits
    return [hit.object for hit in hits]
