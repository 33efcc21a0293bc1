"""One relationship's story, for one of its two people: the timeline of interactions, the
moments it went deeper, the figures behind its strength, and what would deepen it next.

Private: the caller passes the logged-in person as ``viewer``. Updates and goals named in the
story are shown only when the viewer may see them (``workaloud.audience``).
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from workaloud import audience
from workaloud.goals.models import Goal
from workaloud.relationships import ledger, model
from workaloud.relationships.models import Interaction, InteractionKind
from workaloud.relationships.services import relationship_between
from workaloud.work.models import AskStatus, WorkUpdate


def person_in_story(viewer, username: str):
    """The person whose relationship with the viewer is asked for; 404 for anyone the viewer
    can't see. Someone no longer active (a member who left, a person known only from imported
    history) keeps their place in the viewer's own story where the two have a relationship."""
    from workaloud.people.models import User

    other = User.objects.filter(username=username).first()
    if other is not None and (
        audience.can_view_person(viewer, other)
        or relationship_between(viewer.pk, other.pk) is not None
    ):
        return other
    raise Http404("No such person.")


RECENT_ASK = timedelta(days=30)
QUIET = timedelta(days=45)
HELP_KINDS = frozenset(
    {InteractionKind.OFFER_OF_HELP, InteractionKind.HELP_CREDITED, InteractionKind.INTRODUCTION}
)
_STOPWORDS = frozenset(
    "about after again also and are but for from have into make more our out over that the "
    "their them then they this what when with without your".split()
)


def _excerpt(text: str, words: int = 12) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "")


def _about(viewer, row: Interaction) -> dict | None:
    """What an interaction was on, as the viewer may see it."""
    update = row.update
    if update is not None:
        if update.deleted_at is None and audience.can_view_update(viewer, update):
            return {"label": _excerpt(update.body), "url": update.get_absolute_url()}
        return {"label": "an update you cannot see", "url": None}
    if row.goal is not None:
        if audience.can_view_goal(viewer, row.goal):
            return {"label": f"the goal “{row.goal.title}”", "url": row.goal.get_absolute_url()}
        return {"label": "a goal you cannot see", "url": None}
    return None


def _rows(viewer_id: int, other_id: int):
    return (
        Interaction.objects.filter(
            Q(actor_id=viewer_id, target_id=other_id) | Q(actor_id=other_id, target_id=viewer_id),
            voided_at__isnull=True,
        )
        .select_related("update", "goal")
        .order_by("id")
    )


def story(viewer, other, now: datetime | None = None) -> dict:
    """Everything the story page and the API show about the viewer's tie with ``other``."""
    now = now or timezone.now()
    rel = relationship_between(viewer.pk, other.pk)
    rows = list(_rows(viewer.pk, other.pk))
    if rel is None or not rows:
        return {
            "exists": False,
            "strength": 0.0,
            "stage": 0,
            "stage_name": model.STAGE_NAMES[0],
            "timeline": [],
            "moments": [],
            "components": [],
            "suggestions": suggestions(viewer, other, now),
        }
    moments_at = model.stage_moments(ledger.read_pair(viewer.pk, other.pk))
    moments = []
    for stage, i in moments_at.items():
        moments.append(
            {
                "stage": stage,
                "stage_name": model.STAGE_NAMES[stage],
                "at": rows[i].occurred_at,
                "interaction_id": rows[i].pk,
                "because": _moment_reason(stage),
            }
        )
    reached = {m["interaction_id"]: m for m in moments}
    timeline = []
    for row in rows:
        weight = model.KIND_WEIGHTS[row.kind]
        timeline.append(
            {
                "id": row.pk,
                "kind": row.kind,
                "kind_label": InteractionKind(row.kind).label,
                "given": row.actor_id == viewer.pk,
                "at": row.occurred_at,
                "about": _about(viewer, row),
                "weight": weight,
                "value_now": weight * model.decay(row.occurred_at, now),
                "source": row.source,
                "reached": reached.get(row.pk),
            }
        )
    # Newest first by when it happened: acts recorded late (backdated, imported) take their place.
    timeline.sort(key=lambda entry: (entry["at"], entry["id"]), reverse=True)
    parts = model.rel_components(rel, now)
    strength = model.strength_from(parts)
    return {
        "exists": True,
        "strength": strength,
        "stage": rel.stage,
        "stage_name": model.STAGE_NAMES[rel.stage],
        "gave": rel.count_a_to_b if rel.person_a_id == viewer.pk else rel.count_b_to_a,
        "received": rel.count_b_to_a if rel.person_a_id == viewer.pk else rel.count_a_to_b,
        "first_at": rel.first_at,
        "last_at": rel.last_at,
        "half_life_days": model.half_life_days(),
        "timeline": timeline,
        "moments": moments,
        "components": _breakdown(viewer, rel, parts, rows),
        "suggestions": suggestions(viewer, other, now),
    }


def _moment_reason(stage: int) -> str:
    return {
        1: "the first interaction between you",
        2: "the first engagement: more than a follow or a mention",
        3: "engagement went both ways",
        4: "exchanges on two different pieces of work, at least a week apart",
        5: "four or more exchanges over twelve weeks, with thanks or credited help both ways",
    }[stage]


def _breakdown(viewer, rel, parts: dict[str, float], rows) -> list[dict]:
    """Each component with its value, its share of the multiplier and the rows behind it."""
    w = model.COMPONENT_WEIGHTS
    kinds = model.kinds_of(rel.kind_mask)
    first_of_kind = {}
    for row in rows:
        first_of_kind.setdefault(row.kind, row.pk)
    given = sum(1 for row in rows if row.actor_id == viewer.pk)
    items = [
        {
            "name": "intensity",
            "value": parts["intensity"],
            "explain": f"the decayed weight of all {len(rows)} interactions, both ways",
            "rows": [row.pk for row in rows],
        },
        {
            "name": "recency",
            "value": parts["recency"],
            "explain": "how much the figures have faded since the last interaction "
            f"(half-life {model.half_life_days():g} days)",
            "rows": [rows[-1].pk],
        },
        {
            "name": "reciprocity",
            "value": parts["reciprocity"],
            "bonus": w["reciprocity"] * parts["reciprocity"],
            "explain": f"you gave {given}, you received {len(rows) - given} "
            "(smaller flow ÷ larger, by weight)",
            "rows": [row.pk for row in rows],
        },
        {
            "name": "multiplexity",
            "value": parts["multiplexity"],
            "bonus": w["multiplexity"] * parts["multiplexity"],
            "explain": f"{len(kinds)} kinds of interaction of {model.MULTIPLEXITY_FULL} for full "
            f"marks: {', '.join(InteractionKind(k).label.lower() for k in kinds)}",
            "rows": [pk for kind, pk in first_of_kind.items() if kind in kinds],
        },
        {
            "name": "duration",
            "value": parts["duration"],
            "bonus": w["duration"] * parts["duration"],
            "explain": f"{(rel.last_at - rel.first_at).days} days from the first to the last "
            f"interaction, of {model.DURATION_FULL_DAYS} for full marks",
            "rows": [rows[0].pk, rows[-1].pk],
        },
        {
            "name": "shared_connections",
            "value": parts["shared_connections"],
            "bonus": w["shared"] * parts["shared_connections"],
            "explain": "the overlap of the people you each interact with",
            "rows": [],
        },
    ]
    for item in items:
        item["label"] = item["name"].replace("_", " ").capitalize()
        item.setdefault("bonus", None)
    return items


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z][a-z\-]{3,}", text.casefold()) if w not in _STOPWORDS}


def suggestions(viewer, other, now: datetime | None = None) -> list[dict]:
    """What would deepen this relationship next, most concrete first.

    Each: ``kind``, ``text`` and ``url`` (None when there is nothing to open).
    """
    now = now or timezone.now()
    out: list[dict] = []
    theirs = audience.visible_updates(viewer, WorkUpdate.objects.filter(author=other))
    name = other.display_name or other.username

    answered = set(
        Interaction.objects.filter(
            actor=viewer, target=other, voided_at__isnull=True, update__isnull=False
        ).values_list("update_id", flat=True)
    )
    for update in theirs.filter(
        ask_status=AskStatus.OPEN, published_at__gte=now - RECENT_ASK
    ).order_by("-published_at")[:5]:
        if update.pk not in answered:
            days = (now - update.published_at).days
            when = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
            out.append(
                {
                    "kind": "open_ask",
                    "text": f"{name} asked for help {when}: “{_excerpt(update.ask, 16)}”. "
                    "An answer or an offer of help would mean a lot.",
                    "url": update.get_absolute_url(),
                }
            )
            break

    thanked = set(
        Interaction.objects.filter(
            actor=viewer, target=other, kind=InteractionKind.THANKS, voided_at__isnull=True
        ).values_list("update_id", flat=True)
    )
    helped = (
        Interaction.objects.filter(
            actor=other, target=viewer, kind__in=HELP_KINDS, voided_at__isnull=True
        )
        .select_related("update", "goal")
        .order_by("-occurred_at")
    )
    for row in helped[:10]:
        if row.update_id in thanked:
            continue
        about = _about(viewer, row)
        what = InteractionKind(row.kind).label.lower()
        on = f" on {about['label']}" if about and about["url"] else ""
        out.append(
            {
                "kind": "thank",
                "text": f"You have never thanked {name} for their {what}{on} "
                f"({row.occurred_at:%-d %b}). A word of thanks deepens a relationship.",
                "url": about["url"] if about else None,
            }
        )
        break

    my_goals = Goal.objects.filter(owner=viewer, status=Goal.Status.ACTIVE)
    their_goals = audience.visible_goals(
        viewer, Goal.objects.filter(owner=other, status=Goal.Status.ACTIVE)
    )
    for mine in my_goals[:20]:
        for goal in their_goals[:20]:
            shared = _words(mine.title) & _words(goal.title)
            if shared:
                topic = sorted(shared, key=lambda w: (-len(w), w))[0]
                out.append(
                    {
                        "kind": "shared_goal",
                        "text": f"You share the goal topic “{topic}”: your “{mine.title}” and "
                        f"{name}'s “{goal.title}”. Tell them what you are trying.",
                        "url": goal.get_absolute_url(),
                    }
                )
                break
        if out and out[-1]["kind"] == "shared_goal":
            break

    rel = relationship_between(viewer.pk, other.pk)
    latest = theirs.order_by("-published_at").first()
    if rel is not None:
        forward = rel.person_a_id == viewer.pk
        gave = rel.engaged_a_to_b if forward else rel.engaged_b_to_a
        got = rel.engaged_b_to_a if forward else rel.engaged_a_to_b
        if got and not gave and latest is not None:
            out.append(
                {
                    "kind": "reciprocate",
                    "text": f"{name} has engaged with your work {got} time{'s' if got != 1 else ''}"
                    f"; you have not yet responded to theirs. Their latest: "
                    f"“{_excerpt(latest.body)}”",
                    "url": latest.get_absolute_url(),
                }
            )
        elif now - rel.last_at > QUIET and latest is not None:
            out.append(
                {
                    "kind": "reconnect",
                    "text": f"It has been {(now - rel.last_at).days} days since you last "
                    f"interacted. See what {name} is working on: “{_excerpt(latest.body)}”",
                    "url": latest.get_absolute_url(),
                }
            )
    if not out and latest is not None:
        out.append(
            {
                "kind": "respond",
                "text": f"Respond to {name}'s latest work with a question or encouragement: "
                f"“{_excerpt(latest.body)}”",
                "url": latest.get_absolute_url(),
            }
        )
    if not out:
        out.append(
            {
                "kind": "follow",
                "text": f"{name} has not shared visible work yet: follow them to see it "
                "when they do.",
                "url": None,
            }
        )
    return out
