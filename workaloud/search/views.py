"""The search page: a query box, kind tabs with counts, filters, highlighted results."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import render

from workaloud.audience import goal_visible_with, visible_people
from workaloud.search import engine
from workaloud.search.forms import KIND_CHOICES, SearchForm
from workaloud.web import add_service_errors


@dataclass
class Page:
    """The updates among the hits, as feed pages name them (``items``, ``next_cursor``)."""

    items: list = field(default_factory=list)
    next_cursor: str | None = None


def clean_params(request) -> dict:
    data = {k: v.replace("\x00", "") for k, v in request.GET.items()}  # PostgreSQL refuses NUL
    # Trailing space kept: it tells a finished word from one being typed (a prefix).
    data["q"] = data.get("q", "").lstrip()[:200]
    return data


def run(request, form: SearchForm, cursor: str | None):
    """The results for a valid form, or None (no words, or errors now shown on the form)."""
    if not form.is_valid() or not form.cleaned_data["q"]:
        return None
    data = form.cleaned_data
    kw = dict(
        kinds=[data["kind"]] if data["kind"] else None,
        team=data["team"],
        stage=data["stage"],
        open_ask=data["ask"],
        since=data["since"],
        until=data["until"],
    )
    try:
        return engine.query(request.user, form.data["q"], cursor=cursor, **kw)
    except ValidationError as exc:
        if "cursor" in exc.message_dict:  # a stale or edited page link: start again
            return engine.query(request.user, form.data["q"], **kw)
        add_service_errors(form, exc)
        return None


def team_names(viewer) -> list[str]:
    """The teams of visible people, for the team filter (kept ten minutes: a scan of people)."""
    if not visible_people(viewer).query.is_empty():
        return cache.get_or_set(
            "search:teams",
            lambda: list(
                visible_people(viewer)
                .exclude(team="")
                .order_by("team")
                .values_list("team", flat=True)
                .distinct()[:300]
            ),
            600,
        )
    return []


def search_page(request):
    data = clean_params(request)
    form = SearchForm(data)
    results = run(request, form, data.get("cursor"))
    hits = results.hits if results else []
    for hit in hits:
        if hit.kind == "updates":
            hit.show_goal = goal_visible_with(request.user, hit.object)
    keep = {k: v for k, v in data.items() if k != "cursor" and v}
    next_url = None
    if results and results.next_cursor:
        next_url = "?" + urlencode({**keep, "cursor": results.next_cursor})
    context = {
        "form": form,
        "query": data["q"].strip(),
        "results": results,
        "hits": hits,
        "next_url": next_url,
        "page": Page(
            [h.object for h in hits if h.kind == "updates"], results and results.next_cursor
        ),
        "people": [h.object for h in hits if h.kind == "people"],
        "goals": [h.object for h in hits if h.kind == "goals"],
    }
    if request.htmx and request.htmx.target != "search-live":  # "More results"
        return render(request, "search/_hits.html", context)
    kind = form.cleaned_data.get("kind", "") if form.is_valid() else ""
    tabs = []
    for value, label in KIND_CHOICES:
        count = None
        if results and results.counts:
            count = results.total if not value else results.counts[value]
        params = {
            **{k: v for k, v in keep.items() if k != "kind"},
            **({"kind": value} if value else {}),
        }
        tabs.append({"value": value, "label": label, "count": count, "active": value == kind,
                     "url": "?" + urlencode(params)})  # fmt: skip
    teams = team_names(request.user)
    context.update(tabs=tabs, kind=kind, teams=teams, filters_used=form.filters_used)
    return render(request, "search/search.html", context)
