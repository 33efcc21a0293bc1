"""Reading a person's own relationships: the list with its filters, weak ties and brokers.

Only ever the viewer's own pairs: every function takes the viewer and reads pairs they are in.
Built for people with thousands of relationships: figures are computed over arrays, people
are read as plain tuples, and only the shown page becomes dictionaries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.db import connection
from django.utils import timezone

from workaloud.relationships import ledger, model
from workaloud.relationships.models import Community, Interaction, NetworkPosition

PAGE_SIZE = 50
BROKER_CANDIDATES = 300  # brokers are looked for among one's strongest ties
SORTS = {
    "strength": "Strongest first",
    "recent": "Most recent first",
    "stage": "Deepest first",
    "name": "By name",
}


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


def _pairs_sql() -> str:
    """Each of the viewer's pairs from the viewer's side, with the other person and their
    network position: one query, times as integers (no per-row datetime parsing)."""
    sides = []
    for me, them, given, got, n_given, n_got in (
        ("person_a_id", "person_b_id", "a_to_b", "b_to_a", "count_a_to_b", "count_b_to_a"),
        ("person_b_id", "person_a_id", "b_to_a", "a_to_b", "count_b_to_a", "count_a_to_b"),
    ):
        sides.append(
            f"SELECT u.id, u.username, u.display_name, u.team, r.{given}, r.{got},"
            f" r.{n_given}, r.{n_got}, r.first_us, r.last_us, r.kind_mask, r.stage, r.overlap,"
            " r.bridge, p.community"
            " FROM relationships_relationship r"
            f" JOIN people_user u ON u.id = r.{them}"
            " LEFT JOIN relationships_networkposition p ON p.person_id = u.id"
            f" WHERE r.{me} = %s"
        )
    return " UNION ALL ".join(sides)


def _pairs(viewer_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(_pairs_sql(), [viewer_id, viewer_id])
        return cursor.fetchall()


def _gained(viewer_id: int, now: datetime, others: np.ndarray) -> np.ndarray:
    """Per other person (in ``others`` order): intensity added in the trend window, now."""
    rows = ledger.read(
        "(actor_id = %s OR target_id = %s) AND occurred_at >= %s",
        [viewer_id, viewer_id, now - model.TREND_WINDOW],
    )
    gained = np.zeros(len(others))
    if not len(rows) or not len(others):
        return gained
    other = np.where(rows.actor == viewer_id, rows.target, rows.actor)
    terms = model.weights(rows.kind) * model.decay_us(model.to_us(now) - rows.at_us)
    order = np.argsort(others)
    where = order[np.searchsorted(others, other, sorter=order)]
    np.add.at(gained, where, terms)
    return gained


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
        c = list(zip(*pairs, strict=True)) if pairs else [()] * 15
        self.other = np.array(c[0], dtype=np.int64)
        self.people = {
            pk: (username, name or username, team)
            for pk, username, name, team in zip(c[0], c[1], c[2], c[3], strict=True)
        }
        self.given = np.array(c[4], dtype=np.float64)
        self.received = np.array(c[5], dtype=np.float64)
        self.count_given = np.array(c[6], dtype=np.int64)
        self.count_received = np.array(c[7], dtype=np.int64)
        self.first_us = np.array(c[8], dtype=np.int64)
        self.last_us = np.array(c[9], dtype=np.int64)
        self.stages = np.array(c[11], dtype=np.int64)
        self.overlap = np.array(c[12], dtype=np.float64)
        self.bridge = np.array(c[13], dtype=bool)
        self.community = dict(zip(c[0], c[14], strict=True))
        self.parts = model.component_arrays(
            self.given,
            self.received,
            self.last_us,
            self.first_us,
            np.array(c[10], dtype=np.int64),
            self.overlap,
            model.to_us(self.now),
        )
        self.strength = model.strength_arrays(self.parts)
        gained = _gained(viewer.pk, self.now, self.other) if pairs else np.zeros(0)
        self.trend, self.trend_ratio = model.trends(self.parts["intensity"], gained)

    def _person(self, i: int) -> tuple[str, str, str]:
        return self.people.get(int(self.other[i]), ("", "", ""))

    def row(self, i: int) -> dict:
        username, name, team = self._person(i)
        ratio = float(self.trend_ratio[i])
        recency = self.parts["recency"][i]
        return {
            "person_id": int(self.other[i]),
            "username": username,
            "name": name,
            "team": team,
            "strength": round(float(self.strength[i]), 1),
            "stage": int(self.stages[i]),
            "stage_name": model.STAGE_NAMES[int(self.stages[i])],
            "gave": int(self.count_given[i]),
            "received": int(self.count_received[i]),
            "gave_weight": round(float(self.given[i] * recency), 2),
            "received_weight": round(float(self.received[i] * recency), 2),
            "first_at": model.from_us(self.first_us[i]),
            "last_at": model.from_us(self.last_us[i]),
            "trend": self.trend[i],
            "trend_ratio": None if np.isnan(ratio) else round(ratio, 2),
            "overlap": round(float(self.overlap[i]), 3),
            "bridge": bool(self.bridge[i]),
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
        chosen = np.flatnonzero(keep)
        names = self._names()[chosen]
        strength, last, stage = self.strength[chosen], self.last_us[chosen], self.stages[chosen]
        keys = {  # np.lexsort: the last key is the primary one
            "recent": (names, -strength, -last),
            "stage": (names, -strength, -stage),
            "name": (-strength, names),
        }.get(filters.sort, (names, -strength))
        return chosen[np.lexsort(keys)].tolist()

    def _names(self) -> np.ndarray:
        if not hasattr(self, "_name_keys"):
            self._name_keys = np.array(
                [self._person(i)[1].casefold() for i in range(self.size)], dtype=str
            )
        return self._name_keys

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
        for t in self.trend:
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
        numbers = {self.community[r["person_id"]] for r in rows} - {None}
        labels = dict(Community.objects.filter(number__in=numbers).values_list("number", "label"))
        for row in rows:
            row["community"] = labels.get(self.community[row["person_id"]], "")
        return rows

    def brokers(self, limit: int = 6) -> list[dict]:
        """People I know who connect two or more of the groups I am in, with those groups.

        My groups: the communities (from the last network rebuild) holding my own position or
        at least two of my ties. A broker is one of my ``BROKER_CANDIDATES`` strongest ties
        with at least two ties into each of two or more of my groups.
        """
        if not self.size:
            return []
        mine: dict[int, int] = {}
        for community in self.community.values():
            if community is not None:
                mine[community] = mine.get(community, 0) + 1
        own = (
            NetworkPosition.objects.filter(person_id=self.viewer.pk)
            .values_list("community", flat=True)
            .first()
        )
        groups = {c for c, n in mine.items() if n >= 2} | ({own} if own is not None else set())
        if len(groups) < 2:
            return []
        strongest = self.other[np.argsort(-self.strength, kind="stable")[:BROKER_CANDIDATES]]
        reaches = NetworkPosition.objects.filter(person_id__in=strongest.tolist()).values_list(
            "person_id", "reaches"
        )
        wanted = {str(c) for c in groups}
        found = []
        for pk, reached in reaches:
            if "," not in reached:  # one community at most
                continue
            links = {}
            for item in reached.split(","):
                community, _, ties = item.partition(":")
                if community in wanted:
                    links[int(community)] = int(ties)
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
