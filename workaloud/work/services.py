"""Actions on work updates: narrate, edit with history, publish drafts, delete, close asks."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from workaloud.audience import Audience, audience_covers, can_view_update, is_circle_member
from workaloud.circles.models import Circle
from workaloud.goals.models import Goal
from workaloud.markup import mentioned_usernames, render_markdown
from workaloud.notifications.models import NotificationKind
from workaloud.notifications.services import notify
from workaloud.people.models import User
from workaloud.relationships.services import record_help_credit, record_mention, void_update
from workaloud.responses.models import HelpCredit, Mention, Response
from workaloud.work.models import AskStatus, WorkUpdate, WorkUpdateRevision

UPDATE_FIELDS = (
    "body",
    "goal",
    "stage",
    "why_it_matters",
    "who_for",
    "whats_next",
    "ask",
    "audience",
    "circle",
    "campaign",
    "campaign_day",
)


def resolve_goal(author, goal_id) -> Goal | None:
    """The author's own goal with this id, or a clear error."""
    if goal_id in (None, ""):
        return None
    try:
        goal_id = int(goal_id)
    except (TypeError, ValueError):
        raise ValidationError({"goal": f"“{goal_id}” is not a goal id."}) from None
    goal = Goal.objects.filter(pk=goal_id, owner=author).first()
    if goal is None:
        raise ValidationError({"goal": f"You have no goal with id {goal_id}."})
    return goal


def resolve_circle(author, circle_id) -> Circle | None:
    """A circle ``author`` is a current member of, by id, or a clear error that says nothing
    about a circle they are not in (not even whether it exists)."""
    if circle_id in (None, ""):
        return None
    try:
        circle_id = int(circle_id)
    except (TypeError, ValueError):
        raise ValidationError({"circle": f"“{circle_id}” is not a circle id."}) from None
    circle = Circle.objects.filter(pk=circle_id).first() if 0 < circle_id < 2**63 else None
    if circle is None or not is_circle_member(author, circle.pk):
        raise ValidationError({"circle": f"You are not a member of a circle with id {circle_id}."})
    return circle


def _check_fields(fields: dict) -> dict:
    unknown = set(fields) - set(UPDATE_FIELDS)
    if unknown:
        raise ValidationError(f"Unknown update field(s): {', '.join(sorted(unknown))}.")
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


def _place_in_circle(update: WorkUpdate, fields: dict) -> None:
    """Keep ``circle`` in step with ``audience``: a circle only with "My circle", and leaving
    that audience takes the update out of its circle."""
    if update.audience == Audience.CIRCLE:
        return
    if fields.get("circle") is not None:
        raise ValidationError(
            {"circle": f"A circle goes with the audience “{Audience.CIRCLE.label}” only."}
        )
    update.circle = None


def _check_circle(update: WorkUpdate, *, entering: bool) -> None:
    """A circle update names one circle its author is a current member of, and one that has
    not finished. ``entering``: the update is new to that circle (shared, published or moved
    into it); an update already there may still be edited after its circle finished."""
    if update.audience != Audience.CIRCLE:
        return
    if not entering:  # staying where it is, even in a circle since left, finished or gone
        return
    if update.circle_id is None:
        raise ValidationError(
            {"circle": f"Choose the circle to share it with: “{Audience.CIRCLE.label}” needs one."}
        )
    circle = update.circle
    if not is_circle_member(update.author, circle.pk):
        raise ValidationError({"circle": f"You are not a member of a circle with id {circle.pk}."})
    if circle.status == Circle.Status.FINISHED:
        raise ValidationError(
            {"circle": f"The circle “{circle.title}” has finished; it takes no new updates."}
        )


def _validate(
    update: WorkUpdate, *, entering_circle: bool = True, campaign_before: tuple | None = None
) -> None:
    from workaloud.campaigns.services import check_update_tag

    _check_circle(update, entering=entering_circle)
    check_update_tag(update, before=campaign_before)
    goal = update.goal
    if goal is not None:
        if goal.owner_id != update.author_id:
            raise ValidationError({"goal": "An update can only belong to one of your own goals."})
        if not audience_covers(goal.audience, update.audience):
            if update.audience == Audience.CIRCLE:
                message = (
                    f"The goal “{goal.title}” is visible to “{goal.get_audience_display()}” "
                    "only, and your circle may not be; share the goal with the community, or "
                    "share this update without it."
                )
            else:
                message = (
                    f"The goal “{goal.title}” is visible to “{goal.get_audience_display()}” "
                    "only; an update on it can't be shown wider."
                )
            raise ValidationError({"audience": message})
    update.full_clean(exclude=["author", "goal", "circle", "campaign"])


def _render(update: WorkUpdate) -> set[str]:
    """Render the body and return the usernames it mentions that exist."""
    names = mentioned_usernames(update.body)
    known = set(
        User.objects.filter(username__in=names, is_active=True).values_list("username", flat=True)
    )
    update.body_html = render_markdown(update.body, known)
    return known


def _record_mentions(update: WorkUpdate, usernames: set[str], response: Response | None = None):
    """Mention rows and notifications for people newly named who can see the update."""
    already = set(
        Mention.objects.filter(update=update, response=response).values_list(
            "person__username", flat=True
        )
    )
    author = response.author if response else update.author
    for person in User.objects.filter(username__in=usernames - already, is_active=True):
        if person.pk == author.pk or not can_view_update(person, update):
            continue
        record_mention(
            Mention.objects.create(person=person, author=author, update=update, response=response)
        )
        notify(person, author, NotificationKind.MENTION, update=update, response=response)


@transaction.atomic
def create_update(author, *, publish: bool = True, **fields) -> WorkUpdate:
    """Narrate work in progress. ``publish=False`` keeps it as a draft only its author sees."""
    fields = _check_fields(fields)
    update = WorkUpdate(author=author, **fields)
    _place_in_circle(update, fields)
    if update.ask:
        update.ask_status = AskStatus.OPEN
    _validate(update)
    mentioned = _render(update)
    if publish:
        update.published_at = timezone.now()
    update.save()
    if publish:
        _record_mentions(update, mentioned)
    return update


def _check_author(update: WorkUpdate, actor) -> None:
    if update.deleted_at is not None:
        raise ValidationError("This update was deleted.")
    if update.author_id != actor.pk:
        raise PermissionDenied("Only the author can change this update.")


@transaction.atomic
def edit_update(update: WorkUpdate, actor, **fields) -> WorkUpdate:
    """Change an update, keeping what it said before as a revision."""
    _check_author(update, actor)
    fields = _check_fields(fields)
    before = WorkUpdateRevision(
        update=update,
        body=update.body,
        stage=update.stage,
        why_it_matters=update.why_it_matters,
        who_for=update.who_for,
        whats_next=update.whats_next,
        ask=update.ask,
        audience=update.audience,
        circle_id_then=update.circle_id,
        goal_id_then=update.goal_id,
    )
    campaign_before = (update.campaign_id, update.campaign_day)
    for name, value in fields.items():
        setattr(update, name, value)
    _place_in_circle(update, fields)
    entering_circle = update.is_draft or (
        before.audience != update.audience or before.circle_id_then != update.circle_id
    )
    if update.ask and update.ask_status == AskStatus.NONE:
        update.ask_status = AskStatus.OPEN
    elif not update.ask and update.ask_status == AskStatus.OPEN:
        update.ask_status = AskStatus.NONE
    _validate(update, entering_circle=entering_circle, campaign_before=campaign_before)
    mentioned = _render(update)
    if not update.is_draft:
        update.edited_at = timezone.now()
        before.save()
    update.save()
    if not update.is_draft:
        _record_mentions(update, mentioned)
    return update


@transaction.atomic
def publish_draft(update: WorkUpdate, actor) -> WorkUpdate:
    _check_author(update, actor)
    if not update.is_draft:
        raise ValidationError("This update is already published.")
    _check_circle(update, entering=True)
    update.published_at = timezone.now()
    update.save(update_fields=["published_at"])
    _record_mentions(update, _render(update))
    return update


@transaction.atomic
def delete_update(update: WorkUpdate, actor) -> WorkUpdate:
    """Soft delete: the update disappears everywhere but stays recoverable by an administrator.

    The interactions on it stop counting towards relationships (the ledger keeps them, voided).
    """
    _check_author(update, actor)
    update.deleted_at = timezone.now()
    update.save(update_fields=["deleted_at"])
    void_update(update.pk)
    return update


@transaction.atomic
def resolve_ask(update: WorkUpdate, actor, *, helper_ids=(), response_ids=()) -> list[HelpCredit]:
    """Close the loop on an ask, crediting the people (or responses) that helped."""
    _check_author(update, actor)
    if update.ask_status != AskStatus.OPEN:
        raise ValidationError("This update has no open ask to resolve.")
    responses = list(Response.objects.filter(update=update, pk__in=list(response_ids)))
    missing = set(map(int, response_ids)) - {r.pk for r in responses}
    if missing:
        raise ValidationError(f"Response(s) {sorted(missing)} are not responses to this update.")
    helpers = {r.author_id: r for r in responses}
    people = {p.pk: p for p in User.objects.filter(pk__in=list(helper_ids), is_active=True)}
    missing = set(map(int, helper_ids)) - set(people)
    if missing:
        raise ValidationError(f"No active member with id(s) {sorted(missing)}.")
    for response in responses:
        people.setdefault(response.author_id, response.author)
    people.pop(actor.pk, None)
    for person in people.values():
        if not can_view_update(person, update):
            raise ValidationError(f"{person.name} can't see this update, so can't be credited.")
    update.ask_status = AskStatus.RESOLVED
    update.ask_resolved_at = timezone.now()
    update.save(update_fields=["ask_status", "ask_resolved_at"])
    credits = []
    for person in people.values():
        credit = HelpCredit.objects.create(
            update=update, helper=person, response=helpers.get(person.pk)
        )
        record_help_credit(credit)
        notify(person, actor, NotificationKind.CREDITED, update=update, response=credit.response)
        credits.append(credit)
    return credits
