"""Responding to work updates."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from workaloud.audience import can_view_update
from workaloud.markup import mentioned_usernames, render_markdown
from workaloud.notifications.models import NotificationKind
from workaloud.notifications.services import notify
from workaloud.people.models import User
from workaloud.relationships.services import record_mention, record_response
from workaloud.responses.models import Mention, Response, ResponseKind
from workaloud.work.models import WorkUpdate


@transaction.atomic
def respond(update: WorkUpdate, author, *, kind: str, body: str, parent_id=None) -> Response:
    """A typed response to an update, or a reply to a response (one level of threading)."""
    if update.is_draft or not can_view_update(author, update):
        raise Http404("No such update.")
    parent = None
    if parent_id not in (None, ""):
        parent = Response.objects.filter(pk=parent_id, update=update).first()
        if parent is None:
            raise ValidationError({"parent": "You can only reply to a response on this update."})
        if parent.parent_id:  # a reply to a reply joins the same thread
            parent = parent.parent
    response = Response(
        update=update, author=author, kind=kind, body=(body or "").strip(), parent=parent
    )
    response.full_clean(exclude=["update", "author", "parent"])
    names = mentioned_usernames(response.body)
    people = {p.username: p for p in User.objects.filter(username__in=names, is_active=True)}
    response.body_html = render_markdown(response.body, set(people))
    response.save()
    record_response(response)
    _notify(response, people.values())
    return response


def _notify(response: Response, mentioned) -> None:
    update, author = response.update, response.author
    told = {author.pk}
    if response.kind == ResponseKind.OFFER_OF_HELP:
        notify(
            update.author, author, NotificationKind.OFFER_OF_HELP, update=update, response=response
        )
    else:
        notify(update.author, author, NotificationKind.RESPONSE, update=update, response=response)
    told.add(update.author_id)
    # A reply tells the parent's author only while they may still see the update (someone who
    # left a circle is told nothing more about its updates).
    parent = response.parent
    if parent and parent.author_id not in told and can_view_update(parent.author, update):
        notify(
            response.parent.author, author, NotificationKind.REPLY, update=update, response=response
        )
        told.add(response.parent.author_id)
    for person in mentioned:
        if person.pk in told or not can_view_update(person, update):
            continue
        record_mention(
            Mention.objects.create(person=person, author=author, update=update, response=response)
        )
        notify(person, author, NotificationKind.MENTION, update=update, response=response)
        told.add(person.pk)


def response_threads(update: WorkUpdate) -> list[Response]:
    """Top-level responses in order, each with ``thread_replies``; two queries in all."""
    rows = list(update.responses.select_related("author").order_by("created_at", "id"))
    top = [r for r in rows if r.parent_id is None]
    by_parent: dict[int, list[Response]] = {r.pk: [] for r in top}
    for r in rows:
        if r.parent_id is not None and r.parent_id in by_parent:
            by_parent[r.parent_id].append(r)
    for r in top:
        r.thread_replies = by_parent[r.pk]
    return top
