"""Reading a person's own relationships: the list with its filters, weak ties and brokers.

Only ever the viewer's own pairs: every function takes the viewer and reads pairs they are in.
Built for people with thousands of relationships: figures are computed over arrays, people
are read as plain tuples, and only the shown page becomes dictionaries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.contrib.auth import get_user_model
from django.utils import timezone

from workaloud.relationships import ledger, model
from workaloud.relationships.models import Community, Interaction, NetworkPosition, Relationship

PAGE_SIZE = 50
SORTS = {
    "strength": "Strongest first",
    "recent": "Most recent first",
    "stage": "Deepest first",
    "name": "By name",
}
_FIELDS = (
    "person_a_id",
    "person_b_id",
    "a_to_b",
    "b_to_a",
    "count_a_to_b",
    "count_b_to_a",
    "first_at",
    "last_at",
    "kind_mask",
    "stage",
    "overlap",
    "bridge",
)


@dataclass
class Filters:
    goal: int | None = None
    team: str = ""
    stage: int | None = None
    q: str = ""
    bridges: bool = False
    sort: str = "strength"


@dataclass
class RelationshipPage:
    rows: list[dict]
    total: int  # all of the viewer's relationships
    matching: int  # after filters
    page: int
    pages: int
    counts_by_stage: dict[int, int] = field(default_factory=dict)
    counts_by_trend: dict[str, int] = field(default_factory=dict)


def _pairs(viewer_id: int) -> list[tuple]:
    """The viewer's pairs as tuples, the viewer's side first: (other, given, received, …)."""
    out = []
    for side, other_side in (("person_a_id", "b"), ("person_b_id", "a")):
        rows = Relationship.objects.filter(**{side: viewer_id}).values_list(*_FIELDS)
        for a, b, ab, ba, cab, cba, first, last, mask, stage, overlap, bridge in rows:
            if other_side == "b":
                out.append((b, ab, ba, cab, cba, first, last, mask, stage, overlap, bridge))
            else:
                out.append((a, ba, ab, cba, cab, first, last, mask, stage, overlap, bridge))
    return out


def _gained(viewer_id: int, now: datetime) -> dict[int, float]:
    """Per other person: intensity added in the trend window, decayed to now."""
    rows = ledger.read(
        "(actor_id = %s OR target_id = %s) AND occurred_at >= %s",
        [viewer_id, viewer_id, now - model.TREND_WINDOW],
    )
    if not len(rows):
        return {}
    other = np.where(rows.actor == viewer_id, rows.target, rows.actor)
    terms = model.weights(rows.kind) * model.decay_us(model.to_us(now) - rows.at_us)
    people, index = np.unique(other, return_inverse=True)
    sums = np.bincount(index, weights=terms)
    return dict(zip(people.tolist(), sums.tolist(), strict=True))


def _people(ids: list[int]) -> dict[int, tuple[str, str, str]]:
    """id → (username, display name, team)."""
    rows = (
        get_user_model()
        .objects.filter(pk__in=ids)
        .values_list("pk", "username", "display_name", "team")
    )
    return {pk: (username, name or username, team) for pk, username, name, team in rows}


def _goal_people(viewer_id: int, goal_id: int) -> set[int]:
    rows = (
        Interaction.objects.filter(goal_id=goal_id, voided_at__isnull=True)
        .filter(actor_id=viewer_id)
        .values_list("target_id", flat=True)
        .order_by()
        .union(
            Interaction.objects.filter(goal_id=goal_id, voided_at__isnull=True, target_id=viewer_id)
            .values_list("actor_id", flat=True)
            .order_by()
        )
    )
    return set(rows)


class Mine:
    """The viewer's relationships, loaded once per request, with every figure of the list."""

    def __init__(self, viewer, now: datetime | None = None):
        self.viewer = viewer
        self.now = now or timezone.now()
        pairs = _pairs(viewer.pk)
        self.size = len(pairs)
        columns = list(zip(*pairs, strict=True)) if pairs else [()] * 11
        self.columns = columns
        self.other = np.array(columns[0], dtype=np.int64)
        self.parts = model.component_arrays(
            np.array(columns[1], dtype=np.float64),
            np.array(columns[2], dtype=np.float64),
            np.array([model.to_us(t) for t in columns[6]], dtype=np.int64),
            np.array([model.to_us(t) for t in columns[5]], dtype=np.int64),
            np.array(columns[7], dtype=np.int64),
            np.array(columns[9], dtype=np.float64),
            model.to_us(self.now),
        )
        self.strength = model.strength_arrays(self.parts)
        self.stages = np.array(columns[8], dtype=np.int64)
        self.bridge = np.array(columns[10], dtype=bool)
        gained = _gained(viewer.pk, self.now) if pairs else {}
        self.trends = [
            model.trend(intensity, gained.get(pk, 0.0))
            for pk, intensity in zip(
                self.other.tolist(), self.parts["intensity"].tolist(), strict=True
            )
        ]
        self.people = _people(self.other.tolist()) if pairs else {}

    def _person(self, i: int) -> tuple[str, str, str]:
        return self.people.get(int(self.other[i]), ("", "", ""))

    def row(self, i: int) -> dict:
        c = self.columns
        username, name, team = self._person(i)
        trend, ratio = self.trends[i]
        recency = self.parts["recency"][i]
        return {
            "person_id": int(self.other[i]),
            "username": username,
            "name": name,
            "team": team,
            "strength": round(float(self.strength[i]), 1),
            "stage": int(self.stages[i]),
            "stage_name": model.STAGE_NAMES[int(self.stages[i])],
            "gave": int(c[3][i]),
            "received": int(c[4][i]),
            "gave_weight": round(float(c[1][i] * recency), 2),
            "received_weight": round(float(c[2][i] * recency), 2),
            "first_at": c[5][i],
            "last_at": c[6][i],
            "trend": trend,
            "trend_ratio": None if ratio is None else round(ratio, 2),
            "overlap": round(float(c[9][i]), 3),
            "bridge": bool(c[10][i]),
        }

    def _matching(self, filters: Filters) -> list[int]:
        keep = np.ones(self.size, dtype=bool)
        if filters.stage is not None:
            keep &= self.stages == filters.stage
        if filters.bridges:
            keep &= self.bridge
        if filters.team:
            team = filters.team.strip().casefold()
            keep &= np.array(
                [self._person(i)[2].casefold() == team for i in range(self.size)], dtype=bool
            )
        if filters.q:
            q = filters.q.strip().casefold()
            keep &= np.array(
                [
                    q in self._person(i)[0].casefold() or q in self._person(i)[1].casefold()
                    for i in range(self.size)
                ],
                dtype=bool,
            )
        if filters.goal is not None:
            allowed = np.array(sorted(_goal_people(self.viewer.pk, filters.goal)), dtype=np.int64)
            keep &= np.isin(self.other, allowed)
        chosen = np.flatnonzero(keep).tolist()
        strength = self.strength
        names = {i: self._person(i)[1].casefold() for i in chosen}
        if filters.sort == "recent":
            return sorted(chosen, key=lambda i: (self.columns[6][i], strength[i]), reverse=True)
        if filters.sort == "stage":
            return sorted(chosen, key=lambda i: (-self.stages[i], -strength[i], names[i]))
        if filters.sort == "name":
            return sorted(chosen, key=lambda i: names[i])
        return sorted(chosen, key=lambda i: (-strength[i], names[i]))

    def page(self, filters: Filters | None = None, page: int = 1) -> RelationshipPage:
        """The filtered list, ``PAGE_SIZE`` to a page, with counts by stage and trend."""
        order = self._matching(filters or Filters())
        pages = max(1, -(-len(order) // PAGE_SIZE))
        page = min(max(1, page), pages)
        shown = order[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        by_stage: dict[int, int] = {}
        for s in self.stages.tolist():
            by_stage[s] = by_stage.get(s, 0) + 1
        by_trend: dict[str, int] = {}
        for t, _ratio in self.trends:
            by_trend[t] = by_trend.get(t, 0) + 1
        return RelationshipPage(
            rows=[self.row(i) for i in shown],
            total=self.size,
            matching=len(order),
            page=page,
            pages=pages,
            counts_by_stage=dict(sorted(by_stage.items())),
            counts_by_trend=by_trend,
        )

    def weak_ties(self, limit: int = 8) -> list[dict]:
        """The viewer's ties that bridge to other teams or communities, strongest first."""
        rows = [self.row(i) for i in self._matching(Filters(bridges=True))[:limit]]
        positions = dict(
            NetworkPosition.objects.filter(
                person_id__in=[r["person_id"] for r in rows]
            ).values_list("person_id", "community")
        )
        numbers = {c for c in positions.values() if c is not None}
        labels = dict(Community.objects.filter(number__in=numbers).values_list("number", "label"))
        for row in rows:
            row["community"] = labels.get(positions.get(row["person_id"]), "")
        return rows

    def brokers(self, limit: int = 6) -> list[dict]:
        """People I know who connect two or more of the groups I am in, with those groups.

        My groups: the communities (from the last network rebuild) holding my own position or
        at least two of my ties. A broker has ties into two or more of them.
        """
        contacts = set(self.other.tolist())
        if not contacts:
            return []
        positions = {
            pk: (community, reaches)
            for pk, community, reaches in NetworkPosition.objects.filter(
                person_id__in=[*contacts, self.viewer.pk]
            ).values_list("person_id", "community", "reaches")
        }
        mine: dict[int, int] = {}
        for pk in contacts:
            community = positions.get(pk, (None, ""))[0]
            if community is not None:
                mine[community] = mine.get(community, 0) + 1
        own = positions.get(self.viewer.pk, (None, ""))[0]
        groups = {c for c, n in mine.items() if n >= 2} | ({own} if own is not None else set())
        if len(groups) < 2:
            return []
        found = []
        for pk in contacts:
            reached = NetworkPosition.parse_reaches(positions.get(pk, (None, ""))[1])
            links = {c: n for c, n in reached.items() if c in groups}
            if len(links) >= 2:
                found.append((pk, links))
        found.sort(key=lambda item: (-len(item[1]), -sum(item[1].values()), item[0]))
        labels = dict(Community.objects.filter(number__in=groups).values_list("number", "label"))
        out = []
        for pk, links in found[:limit]:
            username, name, team = self.people.get(pk, ("", "", ""))
            out.append(
                {
                    "person_id": pk,
                    "username": username,
                    "name": name,
                    "team": team,
                    "groups": [
                        {"label": labels.get(c, f"Group {c + 1}"), "ties": n, "mine": c == own}
                        for c, n in sorted(links.items(), key=lambda item: -item[1])
                    ],
                }
            )
        return out


def my_relationships(
    viewer, filters: Filters | None = None, page: int = 1, now: datetime | None = None
) -> RelationshipPage:
    """The viewer's own relationships, filtered and paged."""
    return Mine(viewer, now).page(filters, page)
