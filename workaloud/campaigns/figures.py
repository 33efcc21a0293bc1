"""A campaign's participation figures: aggregates only, never a group smaller than five.

Every figure is a count; no name is ever shown. A figure is shown only when the people
behind it number at least ``MIN_GROUP`` (and the figure itself is at least that much);
otherwise the page says "fewer than 5". Counting is over answers shared with the community or
with followers, never a draft, an "only me" update, a deleted update or one a moderator hid
(none of those was shared), and never a circle's: a circle's content stays out of every figure
seen outside it, counts included.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F

from workaloud.audience import Audience
from workaloud.campaigns.models import Campaign
from workaloud.campaigns.services import window
from workaloud.relationships.models import Relationship
from workaloud.responses.models import Response
from workaloud.work.models import WorkUpdate

MIN_GROUP = 5


@dataclass
class Figure:
    key: str
    label: str
    explanation: str
    value: int | None  # None when the group behind it is smaller than MIN_GROUP

    @property
    def shown(self) -> bool:
        return self.value is not None

    @property
    def display(self) -> str:
        return f"{self.value:,}" if self.value is not None else f"fewer than {MIN_GROUP}"


def _guarded(value: int, people: int) -> int | None:
    return value if value >= MIN_GROUP and people >= MIN_GROUP else None


def shared_answers(campaign: Campaign):
    """The tagged updates that count: published, live and shared with someone."""
    return WorkUpdate.objects.filter(
        campaign=campaign,
        published_at__isnull=False,
        deleted_at__isnull=True,
        hidden_at__isnull=True,
    ).exclude(audience__in=[Audience.ONLY_ME, Audience.CIRCLE])


def _us(moment: dt.datetime) -> int:
    return int(moment.timestamp() * 1_000_000)


def campaign_figures(campaign: Campaign) -> list[Figure]:
    answers = shared_answers(campaign)
    sharers = answers.values("author_id").distinct().count()
    answer_count = answers.count()
    responses = Response.objects.filter(update__in=answers).exclude(
        author_id=F("update__author_id")
    )
    responders = responses.values("author_id").distinct().count()
    response_count = responses.count()
    start, end = window(campaign)
    pairs = Relationship.objects.filter(first_us__gte=_us(start), first_us__lt=_us(end))
    pair_count = pairs.count()
    people_in_pairs = (
        pairs.values_list("person_a_id").union(pairs.values_list("person_b_id")).count()
        if pair_count
        else 0
    )
    return [
        Figure(
            "shared",
            "people shared",
            "How many different people shared at least one answer tagged with the campaign "
            "(drafts and “only me” updates are not counted).",
            _guarded(sharers, sharers),
        ),
        Figure(
            "answers",
            "answers shared",
            "How many tagged updates were shared; shown once at least 5 people shared.",
            _guarded(answer_count, sharers),
        ),
        Figure(
            "responded",
            "people responded",
            "How many different people responded to someone else's tagged update.",
            _guarded(responders, responders),
        ),
        Figure(
            "responses",
            "responses",
            "How many responses those tagged updates received from people other than their "
            "authors; shown once at least 5 people responded.",
            _guarded(response_count, responders),
        ),
        Figure(
            "connections",
            "new connections",
            "How many pairs of people interacted for the first time ever while a campaign day "
            "was under way somewhere in the world (any interaction, not only on the "
            "campaign's updates); shown once at least 5 people are among them.",
            _guarded(pair_count, people_in_pairs),
        ),
    ]
