"""Introducing two people, and each of them answering.

An introduction is private to the three people in it. Once both introduced people have
accepted, it is recorded in the interaction ledger (kind ``introduction``, one act each):
the introducer → each of the two (the broker's act), and each of the two → the other
(they agreed to meet). A declined introduction records nothing; nobody but the one who
declined is told who it was ("not taken up").
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from workaloud.audience import visible_people
from workaloud.introductions.models import Answer, Introduction
from workaloud.notifications.models import NotificationKind
from workaloud.notifications.services import notify
from workaloud.people.models import User
from workaloud.relationships.models import InteractionKind
from workaloud.relationships.services import record_interaction


def person_named(viewer, username: str, role: str) -> User:
    """The active member ``username`` as the viewer may see them; a clear error otherwise."""
    username = (username or "").strip().lstrip("@")
    if not username:
        raise ValidationError({role: "Say who: a member's username."})
    person = visible_people(viewer).filter(username__iexact=username).first()
    if person is None:
        raise ValidationError({role: f"There is no member called “{username}”."})
    return person


def _already_pending(introducer, first, second) -> bool:
    pair = Q(first=first, second=second) | Q(first=second, second=first)
    return (
        Introduction.objects.filter(pair, introducer=introducer, accepted_at__isnull=True)
        .exclude(Q(first_answer=Answer.DECLINED) | Q(second_answer=Answer.DECLINED))
        .exists()
    )


@transaction.atomic
def introduce(introducer, first_username: str, second_username: str, note: str) -> Introduction:
    """Introduce two members to each other with a note; both are told."""
    first = person_named(introducer, first_username, "first")
    second = person_named(introducer, second_username, "second")
    if first.pk == second.pk:
        raise ValidationError({"second": "Choose two different people."})
    if introducer.pk in (first.pk, second.pk):
        raise ValidationError(
            "You can't introduce yourself: follow them or respond to their work instead."
        )
    if _already_pending(introducer, first, second):
        raise ValidationError(
            f"You have already introduced {first.name} and {second.name}; "
            "they haven't both answered yet."
        )
    introduction = Introduction(
        introducer=introducer, first=first, second=second, note=(note or "").strip()
    )
    introduction.full_clean(exclude=["introducer", "first", "second"])
    introduction.save()
    for person in (first, second):
        notify(person, introducer, NotificationKind.INTRODUCTION, introduction=introduction)
    return introduction


def introduction_for(viewer, introduction_id: int) -> Introduction:
    """One introduction the viewer is part of; 404 for any other, as for none at all."""
    introduction = (
        Introduction.objects.select_related("introducer", "first", "second")
        .filter(pk=introduction_id)
        .first()
    )
    if introduction is None or not introduction.involves(viewer):
        raise Http404(f"No introduction with id {introduction_id}.")
    return introduction


@transaction.atomic
def answer(viewer, introduction_id: int, accept: bool) -> Introduction:
    """Accept or decline an introduction made to the viewer. An answer is final."""
    introduction_for(viewer, introduction_id)  # 404 before locking anything
    introduction = (
        Introduction.objects.select_for_update()
        .select_related("introducer", "first", "second")
        .get(pk=introduction_id)
    )
    side = introduction.side_of(viewer)
    if side is None:
        raise PermissionDenied("Only the two people introduced can answer an introduction.")
    field = f"{side}_answer"
    if getattr(introduction, field) != Answer.PENDING:
        raise ValidationError(f"You have already {getattr(introduction, field)} this introduction.")
    setattr(introduction, field, Answer.ACCEPTED if accept else Answer.DECLINED)
    both = introduction.first_answer == introduction.second_answer == Answer.ACCEPTED
    if both:
        introduction.accepted_at = timezone.now()
    introduction.save(update_fields=[field, "accepted_at"])
    if both:
        _record(introduction)
        other = introduction.other_than(viewer)
        for person in (introduction.introducer, other):
            notify(
                person, viewer, NotificationKind.INTRODUCTION_ACCEPTED, introduction=introduction
            )
    return introduction


def _record(introduction: Introduction) -> None:
    """The four acts of an accepted introduction, dated when the second person accepted."""
    i, a, b = introduction.introducer_id, introduction.first_id, introduction.second_id
    for actor, target in ((i, a), (i, b), (a, b), (b, a)):
        record_interaction(
            actor,
            target,
            InteractionKind.INTRODUCTION,
            occurred_at=introduction.accepted_at,
            source_key=f"introduction:{introduction.pk}",
        )


def introductions_of(viewer):
    """Every introduction the viewer is part of, newest first."""
    return Introduction.objects.filter(
        Q(introducer=viewer) | Q(first=viewer) | Q(second=viewer)
    ).select_related("introducer", "first", "second")


def pending_for(viewer):
    """Introductions waiting for the viewer's answer."""
    return introductions_of(viewer).filter(
        Q(first=viewer, first_answer=Answer.PENDING)
        | Q(second=viewer, second_answer=Answer.PENDING)
    )


def status_for(viewer, introduction: Introduction) -> str:
    """What the viewer is told of where an introduction stands.

    Who declined is told only to the person who declined.
    """
    if introduction.is_accepted:
        return "Both accepted"
    side = introduction.side_of(viewer)
    mine = getattr(introduction, f"{side}_answer") if side else None
    if mine == Answer.DECLINED:
        return "You declined"
    if introduction.is_declined:
        return "Not taken up"
    if mine == Answer.PENDING:
        return "Waiting for your answer"
    if mine == Answer.ACCEPTED:
        return f"You accepted; waiting for {introduction.other_than(viewer).name}"
    return "Waiting for answers"
