"""Discovery for one viewer: aligned people, who could help with an ask, asks I could help
with, work beyond my network; dismissals and "ask them".

Rankings come from ``ranking`` over the stored profiles (``store.current_index``). Every
recommendation carries its explanation: the matching words and the matched items (built per
viewer from items the viewer may see, through ``workaloud.audience``), and the relationship
facts that applied (read from ``workaloud.relationships``, never recomputed here).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from workaloud.audience import (
    can_view_update,
    goal_visible_with,
    visible_goals_sql,
    visible_people,
    visible_updates,
    visible_updates_sql,
)
from workaloud.discovery import profiles, ranking, store, text
from workaloud.discovery.models import Dismissal, HelpRequest
from workaloud.relationships.models import Relationship

#: An "ask them" request counts as load while its ask is open, for this long.
LOAD_DAYS = 30
#: Items read per person and per kind (goals, updates, answers), newest first, for evidence.
EVIDENCE_PER_PERSON = 25
#: Open asks (newest first) and recent updates considered for the two item lists.
ASK_POOL = 1000
UPDATE_POOL = 2000
#: The best text matches considered for aligned people, before relationships filter them.
ALIGNED_POOL = 100


@dataclass
class Evidence:
    kind: str  # "update", "goal", "response", "purpose"
    title: str
    url: str
    words: list[str]


@dataclass
class Suggestion:
    person: object
    score: float
    words: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    weak_tie: bool = False
    other_team: bool = False
    stage: int = 0
    helped: int = 0
    load: int = 0

    @property
    def reason(self) -> str:
        return self._reason

    _reason: str = ""


@dataclass
class ItemSuggestion:
    update: object
    score: float
    words: list[str]
    responses: int
    reason: str


# --- shared pieces ---------------------------------------------------------------------------


class Query:
    """The words of what is matched: each term with the word as first written, and its weight
    (BM25's idf under the lexical method: rare words explain more than common ones)."""

    def __init__(self, body: str, loaded: store.LoadedIndex, unexplaining=frozenset()):
        self.words: dict[str, str] = {}
        for term, word in text.words(body):
            self.words.setdefault(term, word)
        index = loaded.index
        lexical = isinstance(index, text.InvertedIndex)
        self.weight = {t: (index.idf_of(t) if lexical else 1.0) for t in self.words}
        # The terms that can explain a match (decided once, not per item matched).
        skip = text.UNEXPLAINING | unexplaining
        self.explaining = frozenset(
            t for t, w in self.words.items() if w.lower() not in skip and t not in skip
        )

    def common(self, body: str) -> tuple[frozenset, float]:
        """The explaining terms ``body`` shares with the query, and their total weight."""
        shared = frozenset(text.term_set(body) & self.explaining)
        return shared, sum(self.weight[t] for t in shared)

    def shown(self, shared) -> list[str]:
        """A few of the shared terms as words, weightiest first (a reason names a few at most)."""
        best = sorted(shared, key=lambda t: (-self.weight[t], t))
        return _distinct([self.words[t] for t in best[:8]])

    def matching(self, body: str) -> tuple[list[str], float]:
        """The words ``body`` shares with the query, weightiest first, and their total weight."""
        shared, weight = self.common(body)
        return self.shown(shared), weight


def _distinct(words: list[str]) -> list[str]:
    """Words without near-repeats ("host" after "hosted"): the stemmer leaves some apart."""
    kept: list[str] = []
    for word in words:
        low = word.lower()
        if not any(
            low[:4] == k.lower()[:4] and (low in k.lower() or k.lower() in low) for k in kept
        ):
            kept.append(word)
    return kept


def viewer_text(viewer) -> str:
    """My purpose, my active goals and my recent work: what "aligned with me" is measured on
    (every audience: it is my own text, used only for my own suggestions)."""
    from workaloud.goals.models import Goal

    goals = [
        f"{title}. {why}"
        for title, why in Goal.objects.filter(owner=viewer, status=Goal.Status.ACTIVE)
        .order_by("-created_at")
        .values_list("title", "why")[:10]
    ]
    recent = (
        visible_updates(viewer)
        .filter(author=viewer)
        .order_by("-published_at")
        .values_list("body", "ask", "whats_next", "why_it_matters")[:20]
    )
    items = [profiles.update_text(*parts) for parts in recent]
    return profiles.profile_text(viewer.purpose, goals, items)


def _evidence(viewer, people: dict, query: Query) -> dict:
    """Per person (``people``: id → visible person), the items ``viewer`` may see that share
    words with the query: the three weightiest, and the words they share. Each person's
    newest ``EVIDENCE_PER_PERSON`` goals, updates and answers are read, in three queries."""
    found: dict[int, list[tuple]] = defaultdict(list)

    def add(pid, kind, item, body, title):
        shared, weight = query.common(body)
        if shared:  # words and links are made for the few items shown only
            found[pid].append((weight, len(found[pid]), kind, item, title, shared))

    for pid, person in people.items():
        if person.purpose:
            add(pid, "purpose", person, person.purpose, "purpose statement")
    ids = list(people)
    if not ids:
        return {}
    for pk, owner, title, why in _evidence_rows(viewer, "goals", ids):
        add(owner, "goal", pk, f"{title} {why}", title)
    for pk, author, body, ask, nxt, why in _evidence_rows(viewer, "updates", ids):
        add(author, "update", pk, profiles.update_text(body, ask, nxt, why), body)
    for pk, author, update_id, body, on in _evidence_rows(viewer, "responses", ids):
        add(author, "response", (pk, update_id), body, on)
    out = {}
    for pid, items in found.items():
        items.sort(key=lambda x: (-x[0], x[1]))
        evidence = [
            _shown_evidence(kind, item, title, query.shown(shared)[:5])
            for _, _, kind, item, title, shared in items[:3]
        ]
        words: list[str] = []
        for e in evidence:
            words += [w for w in e.words if w not in words]
        out[pid] = (evidence, words[:4])
    return out


def _evidence_rows(viewer, kind: str, person_ids: list[int]) -> list[tuple]:
    """Each person's newest ``EVIDENCE_PER_PERSON`` goals, updates or answers that ``viewer``
    may see (answers: on updates ``viewer`` may see). Hand-written SQL with the audience
    conditions of ``workaloud.audience`` (the visibility matrix covers this path): building
    the ORM queries cost more than running them."""
    from workaloud.goals.models import Goal
    from workaloud.responses.models import Response
    from workaloud.work.models import WorkUpdate

    marks = ", ".join(["%s"] * len(person_ids))
    if kind == "goals":
        visible, params = visible_goals_sql(viewer, "g")
        inner = (
            "SELECT g.id, g.owner_id AS person, g.title, g.why, ROW_NUMBER() OVER"
            " (PARTITION BY g.owner_id ORDER BY g.created_at DESC, g.id DESC) AS n"
            f" FROM {Goal._meta.db_table} g WHERE g.owner_id IN ({marks})"
            f" AND g.status <> %s AND {visible}"
        )
        params = [*person_ids, Goal.Status.DROPPED.value, *params]
        columns = "id, person, title, why"
    elif kind == "updates":
        visible, params = visible_updates_sql(viewer, "u")
        inner = (
            "SELECT u.id, u.author_id AS person, u.body, u.ask, u.whats_next, u.why_it_matters,"
            " ROW_NUMBER() OVER (PARTITION BY u.author_id ORDER BY u.published_at DESC, u.id DESC)"
            f" AS n FROM {WorkUpdate._meta.db_table} u WHERE u.author_id IN ({marks})"
            f" AND {visible}"
        )
        params = [*person_ids, *params]
        columns = "id, person, body, ask, whats_next, why_it_matters"
    else:
        visible, params = visible_updates_sql(viewer, "u")
        inner = (
            "SELECT r.id, r.author_id AS person, r.update_id, r.body, u.body AS on_body,"
            " ROW_NUMBER() OVER (PARTITION BY r.author_id ORDER BY r.created_at DESC, r.id DESC)"
            f" AS n FROM {Response._meta.db_table} r"
            f" JOIN {WorkUpdate._meta.db_table} u ON u.id = r.update_id"
            f" WHERE r.author_id IN ({marks}) AND {visible}"
        )
        params = [*person_ids, *params]
        columns = "id, person, update_id, body, on_body"
    sql = (
        f"SELECT {columns} FROM ({inner}) ranked WHERE n <= %s"
        " ORDER BY person, n"  # newest first within each person
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, EVIDENCE_PER_PERSON])
        return cursor.fetchall()


def _shown_evidence(kind: str, item, title: str, words: list[str]) -> Evidence:
    if kind == "update":
        return Evidence(kind, _excerpt(title), reverse("update_detail", args=[item]), words)
    if kind == "response":
        return Evidence(kind, f"answer on “{_excerpt(title, 50)}”", _response_link(item), words)
    if kind == "goal":
        return Evidence(kind, title, reverse("goal_detail", args=[item]), words)
    return Evidence(kind, title, item.get_absolute_url(), words)


def _response_link(item) -> str:
    pk, update_id = item
    return reverse("update_detail", args=[update_id]) + f"#response-{pk}"


def _excerpt(body: str, limit: int = 70) -> str:
    body = " ".join(body.split())
    return body if len(body) <= limit else body[: limit - 1].rstrip() + "…"


def _relationship_facts(viewer, person_ids: list[int]) -> dict[int, tuple[int, bool]]:
    """(stage, bridge) of the viewer's pair with each person (read from relationships)."""
    facts = dict.fromkeys(person_ids, (0, False))
    rows = Relationship.objects.filter(
        Q(person_a_id=viewer.pk, person_b_id__in=person_ids)
        | Q(person_b_id=viewer.pk, person_a_id__in=person_ids)
    ).values_list("person_a_id", "person_b_id", "stage", "bridge")
    for a, b, stage, bridge in rows:
        facts[b if a == viewer.pk else a] = (stage, bridge)
    return facts


def _is_weak(stage: int, bridge: bool) -> bool:
    return bridge or stage in (1, 2)


def _other_team(viewer, person) -> bool:
    return bool(
        viewer.team and person.team and viewer.team.strip().lower() != person.team.strip().lower()
    )


def open_load(person_ids) -> dict[int, int]:
    """Open asks each person was already asked to help with ("ask them"), recent ones."""
    from workaloud.work.models import AskStatus

    since = timezone.now() - timedelta(days=LOAD_DAYS)
    rows = (
        HelpRequest.objects.filter(
            helper_id__in=list(person_ids),
            created_at__gte=since,
            update__ask_status=AskStatus.OPEN,
            update__deleted_at__isnull=True,
        )
        .values("helper_id")
        .annotate(n=Count("id"))
    )
    return {r["helper_id"]: r["n"] for r in rows}


def dismissed_people(viewer) -> set[int]:
    return set(
        Dismissal.objects.filter(viewer=viewer, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )


def _fact_lines(s: Suggestion, *, helper: bool) -> list[str]:
    facts = []
    if s.weak_tie:
        facts.append("weak tie")
    elif s.stage == 0:
        facts.append("you have not met yet")
    if s.other_team:
        facts.append(f"other team ({s.person.team})")
    if helper:
        if s.helped:
            facts.append(f"has helped on {s.helped} ask{'s' if s.helped != 1 else ''}")
        if s.load:
            facts.append(f"{s.load} open ask{'s' if s.load != 1 else ''} already")
    return facts


# --- 1. people with aligned purpose ----------------------------------------------------------


def aligned_people(viewer, *, limit: int = 10) -> list[Suggestion]:
    """People whose purpose, goals and recent work are closest to mine, whom I am not already
    close to (stage ≥ ``ranking.STRONG_STAGE``) and have not dismissed; weak ties and other
    teams favoured. Each carries the words and items that matched, and the facts applied."""
    from workaloud.people.models import User

    query_text = viewer_text(viewer)
    if not text.terms(query_text):
        return []
    loaded = store.current_index()
    scores = loaded.index.scores(loaded.method.query(query_text))
    pool = ranking.top_indices(scores, ALIGNED_POOL)
    pool = pool[scores[pool] > 0]
    ids = [int(loaded.ids[i]) for i in pool]
    skip = dismissed_people(viewer) | {viewer.pk}
    ids = [pid for pid in ids if pid not in skip]
    if not ids:
        return []
    rel = _relationship_facts(viewer, ids)
    ids = [pid for pid in ids if rel[pid][0] < ranking.STRONG_STAGE]
    people = {p.pk: p for p in visible_people(viewer, User.objects.filter(pk__in=ids))}
    ids = [pid for pid in ids if pid in people]
    if not ids:
        return []
    text_scores = np.array([scores[loaded.position[pid]] for pid in ids], dtype=np.float32)
    weak = np.array([_is_weak(*rel[pid]) for pid in ids])
    other = np.array([_other_team(viewer, people[pid]) for pid in ids])
    final = ranking.aligned_scores(text_scores, weak, other)
    order = [i for i in ranking.top_indices(final, limit + 5) if final[i] > 0]
    # My own name (others mention me) is no reason to meet them.
    me = frozenset(text.term_set(f"{viewer.username} {viewer.name}"))
    query = Query(query_text, loaded, unexplaining=me)
    evidence = _evidence(viewer, {ids[i]: people[ids[i]] for i in order}, query)
    out = []
    for i in order:
        pid = ids[i]
        items, words = evidence.get(pid, ([], []))
        if not items:
            continue  # nothing the viewer may see explains it: not shown
        s = Suggestion(
            person=people[pid],
            score=float(final[i]),
            words=words,
            evidence=items,
            weak_tie=bool(weak[i]),
            other_team=bool(other[i]),
            stage=rel[pid][0],
        )
        s.facts = _fact_lines(s, helper=False)
        s._reason = f"Both working on {', '.join(words[:3])}"
        out.append(s)
        if len(out) == limit:
            break
    return out


def dismiss_person(viewer, username: str) -> Dismissal:
    from workaloud.people.models import User

    person = visible_people(viewer, User.objects.filter(username=username)).first()
    if person is None:
        raise Http404("No such person.")
    if person.pk == viewer.pk:
        raise ValidationError("You cannot dismiss yourself.")
    dismissal, _ = Dismissal.objects.get_or_create(viewer=viewer, person=person)
    return dismissal


def dismiss_ask(viewer, update_id: int) -> Dismissal:
    from workaloud.work.models import WorkUpdate

    update = WorkUpdate.objects.filter(pk=update_id).first()
    if update is None or not can_view_update(viewer, update):
        raise Http404("This update does not exist or is not shared with you.")
    dismissal, _ = Dismissal.objects.get_or_create(viewer=viewer, update=update)
    return dismissal


# --- 2. who could help with this ask ---------------------------------------------------------


def _open_ask_of(viewer, update_id):
    from workaloud.work.models import AskStatus, WorkUpdate

    update = WorkUpdate.objects.select_related("goal").filter(pk=update_id).first()
    if update is None or not can_view_update(viewer, update):
        raise Http404("This update does not exist or is not shared with you.")
    if update.author_id != viewer.pk:
        raise PermissionDenied("Only the ask's author sees who could help with it.")
    if update.ask_status != AskStatus.OPEN:
        raise ValidationError("This update has no open ask.")
    return update


def ask_text(update, viewer=None) -> str:
    """An ask's words; its goal's title only when ``viewer`` may see the goal beside it."""
    shown = update.goal_id and (viewer is None or goal_visible_with(viewer, update))
    goal = update.goal.title if shown else ""
    return profiles.update_text(
        update.body, update.ask, update.whats_next, update.why_it_matters, goal
    )


def who_could_help(viewer, update_id, *, limit: int = 8) -> list[Suggestion]:
    """For the ask's author: the people most likely to help, with the evidence. Only people who
    may see the ask are suggested (an "ask them" must not show it to anyone else)."""
    from workaloud.people.models import User

    update = _open_ask_of(viewer, update_id)
    query_text = ask_text(update)
    loaded = store.current_index()
    scores = loaded.index.scores(loaded.method.query(query_text))
    text_pool = ranking.top_indices(scores, ranking.TEXT_POOL)
    help_pool = ranking.top_indices(loaded.helped, ranking.TEXT_POOL // 3)
    pool = np.unique(np.concatenate([text_pool, help_pool]))
    pool = pool[(scores[pool] > 0) | (loaded.helped[pool] > 0)]
    ids = [int(loaded.ids[i]) for i in pool if int(loaded.ids[i]) != viewer.pk]
    if not ids:
        return []
    load = open_load(ids)
    arr_ids = np.array(ids, dtype=np.int64)
    idx = np.array([loaded.position[pid] for pid in ids])
    ranked = ranking.rank_helpers(
        arr_ids,
        scores[idx],
        loaded.helped[idx],
        np.array([load.get(pid, 0) for pid in ids], dtype=np.float32),
        k=limit + 5,
        helped_max=loaded.helped_max,
        exclude=_already_helping(update),
    )
    chosen = [r.person_id for r in ranked]
    people = {
        p.pk: p
        for p in visible_people(viewer, User.objects.filter(pk__in=chosen))
        if can_view_update(p, update)
    }
    rel = _relationship_facts(viewer, list(people))
    evidence = _evidence(viewer, people, Query(query_text, loaded))
    out = []
    for r in ranked:
        if r.person_id not in people:
            continue
        items, words = evidence.get(r.person_id, ([], []))
        stage, bridge = rel[r.person_id]
        s = Suggestion(
            person=people[r.person_id],
            score=r.score,
            words=words,
            evidence=items,
            weak_tie=_is_weak(stage, bridge),
            other_team=_other_team(viewer, people[r.person_id]),
            stage=stage,
            helped=r.facts["helped"],
            load=r.facts["load"],
        )
        s.facts = _fact_lines(s, helper=True)
        if words:
            s._reason = f"Has worked on {', '.join(words[:3])}"
        elif s.helped:
            s._reason = "Often helps with asks"
        else:
            continue
        out.append(s)
        if len(out) == limit:
            break
    return out


def best_are_weak_ties(suggestions: list[Suggestion], top: int = 3) -> bool:
    best = suggestions[:top]
    return bool(best) and all(s.weak_tie or s.stage == 0 for s in best)


def _already_helping(update) -> set[int]:
    ids = set(update.responses.values_list("author_id", flat=True))
    ids |= set(HelpRequest.objects.filter(update=update).values_list("helper_id", flat=True))
    ids.add(update.author_id)
    return ids


@transaction.atomic
def ask_them(viewer, update_id, username: str) -> HelpRequest:
    """The ask's author asks one person to help: recorded once, and that person is notified."""
    from workaloud.notifications.models import NotificationKind
    from workaloud.notifications.services import notify
    from workaloud.people.models import User

    update = _open_ask_of(viewer, update_id)
    helper = visible_people(viewer, User.objects.filter(username=username)).first()
    if helper is None:
        raise Http404("No such person.")
    if helper.pk == viewer.pk:
        raise ValidationError("You cannot ask yourself.")
    if not can_view_update(helper, update):
        raise ValidationError(f"{helper.name} cannot see this update: widen its audience first.")
    if HelpRequest.objects.filter(update=update, helper=helper).exists():
        raise ValidationError(f"You already asked {helper.name} about this.")
    try:
        with transaction.atomic():
            request = HelpRequest.objects.create(update=update, helper=helper)
    except IntegrityError as exc:  # asked twice at once
        raise ValidationError(f"You already asked {helper.name} about this.") from exc
    notify(helper, viewer, NotificationKind.HELP_ASKED, update=update)
    return request


# --- 3. asks I could help with ---------------------------------------------------------------


def asks_i_could_help_with(viewer, *, limit: int = 20) -> list[ItemSuggestion]:
    """Open asks from across the community that match what I know (my profile), newest and
    least-answered first among those that match; not my own, not ones I answered already."""
    from workaloud.responses.models import Response
    from workaloud.work.models import AskStatus

    my_text = viewer_text(viewer)
    stored = _my_profile_text(viewer)
    query_text = f"{my_text}\n\n{stored}" if stored else my_text
    if not text.terms(query_text):
        return []
    dismissed = Dismissal.objects.filter(viewer=viewer, update__isnull=False).values("update_id")
    asks = list(
        visible_updates(viewer)
        .filter(ask_status=AskStatus.OPEN)
        .exclude(author=viewer)
        .exclude(pk__in=dismissed)
        .exclude(pk__in=Response.objects.filter(author=viewer).values("update_id"))
        .select_related("author", "goal")
        .annotate(n_responses=Count("responses"))
        .order_by("-published_at")[:ASK_POOL]
    )
    return _rank_items(viewer, asks, query_text, limit, least_answered=True)


def _my_profile_text(viewer) -> str:
    return store.profile_texts([viewer.pk]).get(viewer.pk, ("", 0))[0]


def _rank_items(viewer, items, query_text, limit, *, least_answered: bool) -> list[ItemSuggestion]:
    """Score items against the query text with the configured method's word statistics."""
    if not items:
        return []
    query = Query(query_text, store.current_index())
    scored = []
    for u in items:
        body = ask_text(u, viewer)
        words, weight = query.matching(body)
        if not words:
            continue
        length = max(len(text.terms(body)), 1)
        scored.append((weight / (1 + np.log1p(length)), words, u))
    if not scored:
        return []
    top = max(s for s, _, _ in scored)
    scored = [x for x in scored if x[0] >= 0.25 * top]  # a real match, not one shared word
    scored.sort(key=lambda x: -x[0])
    best = scored[:limit]
    if least_answered:
        best.sort(key=lambda x: (getattr(x[2], "n_responses", 0), -x[2].published_at.timestamp()))
    out = []
    for score, words, u in best:
        responses = getattr(u, "n_responses", 0)
        reason = f"Matches what you know: {', '.join(words[:3])}"
        if least_answered:
            reason += (
                " · no answers yet"
                if not responses
                else f" · {responses} answer{'s' if responses != 1 else ''}"
            )
        out.append(ItemSuggestion(u, float(score), words[:5], responses, reason))
    return out


# --- 6. beyond my network --------------------------------------------------------------------


def beyond_my_network(viewer, *, limit: int = 20) -> list[ItemSuggestion]:
    """Recent work from people two or more steps away (not me, not people I follow, not anyone
    I have a relationship with) on topics near my goals."""
    from workaloud.goals.models import Goal
    from workaloud.people.models import Follow

    goals = Goal.objects.filter(owner=viewer, status=Goal.Status.ACTIVE)
    query_text = profiles.profile_text(viewer.purpose, [f"{g.title}. {g.why}" for g in goals])
    if not text.terms(query_text):
        return []
    near = {viewer.pk}
    near |= set(Follow.objects.filter(follower=viewer).values_list("followed_id", flat=True))
    for a, b in Relationship.objects.filter(
        Q(person_a_id=viewer.pk) | Q(person_b_id=viewer.pk)
    ).values_list("person_a_id", "person_b_id"):
        near.add(b if a == viewer.pk else a)
    updates = list(
        visible_updates(viewer)
        .exclude(author_id__in=near)
        .select_related("author", "goal")
        .order_by("-published_at")[:UPDATE_POOL]
    )
    found = _rank_items(viewer, updates, query_text, limit, least_answered=False)
    for item in found:
        item.reason = f"Near your goals: {', '.join(item.words[:3])} · outside your network"
    return found
