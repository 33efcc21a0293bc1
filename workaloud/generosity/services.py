"""Saying thanks: the act, its place in the ledger, and what each person sees of it.

Thanks are private between the giver and the receiver: nobody else is shown them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404

from workaloud.audience import can_view_update
from workaloud.generosity.models import Thanks
from workaloud.notifications.models import NotificationKind
from workaloud.notifications.services import notify
from workaloud.relationships.models import InteractionKind
from workaloud.relationships.services import record_interaction
from workaloud.responses.models import Response
from workaloud.work.models import WorkUpdate


def thanked_item(giver, *, response_id: int | None, update_id: int | None):
    """(update, response or None, receiver) for what the giver means to thank; 404 for what
    does not exist or that the giver may not see (the two answer alike)."""
    if (response_id is None) == (update_id is None):
        raise ValidationError("Say what helped: one response or one update.")
    if response_id is not None:
        response = (
            Response.objects.select_related("author", "update").filter(pk=response_id).first()
        )
        if response is None or not _visible(giver, response.update):
            raise Http404(f"No response with id {response_id}.")
        return response.update, response, response.author
    update = WorkUpdate.objects.select_related("author").filter(pk=update_id).first()
    if update is None or not _visible(giver, update):
        raise Http404(f"No update with id {update_id}.")
    return update, None, update.author


def _visible(viewer, update: WorkUpdate) -> bool:
    return not update.is_draft and can_view_update(viewer, update)


def _already(receiver, response) -> ValidationError:
    what = "this response" if response is not None else "this update"
    return ValidationError(f"You have already thanked {receiver.name} for {what}.")


@transaction.atomic
def say_thanks(
    giver, *, response_id: int | None = None, update_id: int | None = None, note: str = ""
) -> Thanks:
    """Thank the author of a response, or of an update whose shared work helped.

    Only for something the giver can see, never oneself, once per giver and thing. Records one
    ``thanks`` interaction in the ledger and tells the receiver.
    """
    update, response, receiver = thanked_item(giver, response_id=response_id, update_id=update_id)
    if receiver.pk == giver.pk:
        raise ValidationError("You can't thank yourself.")
    if not receiver.is_active:
        raise ValidationError(f"{receiver.name} is no longer a member, so can't be thanked.")
    earlier = Thanks.objects.filter(giver=giver)
    if response is not None:
        earlier = earlier.filter(response=response)
    else:
        earlier = earlier.filter(update=update, response__isnull=True)
    if earlier.exists():
        raise _already(receiver, response)
    thanks = Thanks(
        giver=giver, receiver=receiver, update=update, response=response, note=(note or "").strip()
    )
    thanks.full_clean(exclude=["giver", "receiver", "update", "response"])
    try:
        with transaction.atomic():
            thanks.save()
    except IntegrityError:  # the same thanks, sent twice at once
        raise _already(receiver, response) from None
    record_interaction(
        giver.pk,
        receiver.pk,
        InteractionKind.THANKS,
        occurred_at=thanks.created_at,
        source_key=f"thanks:{thanks.pk}",
        update_id=update.pk,
        response_id=response.pk if response is not None else None,
        goal_id=update.goal_id,
    )
    notify(receiver, giver, NotificationKind.THANKS, update=update, response=response)
    return thanks


@dataclass
class ThanksOnUpdate:
    """What the viewer may see of thanks on one update: their own, given or received."""

    given_for_update: bool = False
    given_for_responses: set[int] = field(default_factory=set)
    received_for_update: list[Thanks] = field(default_factory=list)
    received_for_responses: dict[int, list[Thanks]] = field(default_factory=dict)


def thanks_on_update(viewer, update: WorkUpdate) -> ThanksOnUpdate:
    """The viewer's thanks on ``update`` (one query): what they gave, and what they received.

    Nobody is shown thanks between other people.
    """
    state = ThanksOnUpdate()
    if not (viewer and viewer.is_authenticated):
        return state
    rows = (
        Thanks.objects.filter(update=update)
        .filter(Q(giver=viewer) | Q(receiver=viewer))
        .select_related("giver")
        .order_by("created_at", "id")
    )
    for thanks in rows:
        if thanks.giver_id == viewer.pk:
            if thanks.response_id is None:
                state.given_for_update = True
            else:
                state.given_for_responses.add(thanks.response_id)
        elif thanks.response_id is None:
            state.received_for_update.append(thanks)
        else:
            state.received_for_responses.setdefault(thanks.response_id, []).append(thanks)
    return state


def thanks_on_update_cached(viewer, update: WorkUpdate) -> ThanksOnUpdate:
    """``thanks_on_update``, once per viewer and update object (a page asks per response)."""
    cache = update.__dict__.setdefault("_thanks_on_update", {})
    key = viewer.pk if viewer is not None else None
    if key not in cache:
        cache[key] = thanks_on_update(viewer, update)
    return cache[key]


def widget(viewer, update: WorkUpdate, response=None, *, error: str = "", note: str = "") -> dict:
    """What the "Say thanks" control shows this viewer for a response (or the update itself):
    ``mode`` is ``can_thank``, ``thanked``, or empty (their own item, or not logged in), and
    ``received`` the thanks the viewer got for it (only the receiver sees those)."""
    receiver = response.author if response is not None else update.author
    item = response if response is not None else update
    context = {
        "kind": "response" if response is not None else "update",
        "item_id": item.pk,
        "receiver": receiver,
        "mode": "",
        "received": [],
        "error": error,
        "note": note,
    }
    if not (viewer and viewer.is_authenticated) or update.is_draft:
        return context
    state = thanks_on_update_cached(viewer, update)
    if receiver.pk == viewer.pk:
        if response is not None:
            context["received"] = state.received_for_responses.get(response.pk, [])
        else:
            context["received"] = state.received_for_update
    elif response is not None:
        thanked = response.pk in state.given_for_responses
        context["mode"] = "thanked" if thanked else "can_thank"
    else:
        context["mode"] = "thanked" if state.given_for_update else "can_thank"
    return context
