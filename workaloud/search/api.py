"""API: full-text search with filters, counts per kind and highlighted snippets."""

from datetime import date
from typing import Literal

from ninja import Field, Query, Router, Schema

from workaloud.api_auth import READ_AUTH
from workaloud.api_schemas import UpdateOut, responses
from workaloud.goals.api import GoalOut
from workaloud.people.api import PersonOut
from workaloud.search import engine
from workaloud.work.models import Stage

router = Router(tags=["search"])

Kind = Literal["people", "goals", "updates"]
StageName = Literal[tuple(Stage.values)]  # type: ignore[valid-type]


KindQuery = Query(None, description="Only these kinds (repeat the parameter).")
StageQuery = Query(None, description="Updates at this stage only.")
SinceQuery = Query(None, description="Published (updates) or set (goals) from this day.")
UntilQuery = Query(None, description="… up to and including this day.")


class SearchCountOut(Schema):
    n: int = Field(description="How many hits you may see, up to the cap.")
    capped: bool = Field(description="True when there are more than ``n`` (shown as “1,000+”).")


class SearchHitOut(Schema):
    kind: Kind
    score: float = Field(description="Relevance; higher is better (compare within one search).")
    title_html: str = Field(
        description="The person's name or the goal's title, HTML-escaped, matches in <mark>."
    )
    snippet_html: str = Field(
        description="The best matching excerpt, HTML-escaped, matches in <mark>; the only tags."
    )
    person: PersonOut | None = None
    goal: GoalOut | None = None
    update: UpdateOut | None = None


class SearchResultsOut(Schema):
    hits: list[SearchHitOut]
    counts: dict[str, SearchCountOut] = Field(description="Visible hits per kind.")
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page.")


@router.get("/search/results", response=responses(SearchResultsOut), auth=READ_AUTH)
def search_results(
    request,
    q: str = Query(
        ...,
        max_length=200,
        description='Words that must all match; "quoted words" as a phrase; the last word, '
        "without a space after it, as a prefix.",
    ),
    kind: list[Kind] | None = KindQuery,
    team: str = Query("", max_length=80, description="The team of the person, owner or author."),
    stage: StageName | None = StageQuery,
    open_ask: bool = Query(False, description="Updates with an open ask only."),
    since: date | None = SinceQuery,
    until: date | None = UntilQuery,
    cursor: str | None = Query(None, max_length=200, description="The previous next_cursor."),
    limit: int = Query(20, ge=1, le=50),
):
    """People, goals and work updates you may see, best first, with highlighted snippets."""
    results = engine.query(
        request.auth,
        q.replace("\x00", ""),
        kinds=kind,
        team=team.replace("\x00", ""),
        stage=stage or "",
        open_ask=open_ask,
        since=since,
        until=until,
        cursor=cursor,
        limit=limit,
    )
    hits = [
        {
            "kind": hit.kind,
            "score": hit.score,
            "title_html": str(hit.title_html),
            "snippet_html": str(hit.snippet_html),
            {"people": "person", "goals": "goal", "updates": "update"}[hit.kind]: hit.object,
        }
        for hit in results.hits
    ]
    counts = {k: {"n": c.n, "capped": c.capped} for k, c in results.counts.items()}
    return {"hits": hits, "counts": counts, "next_cursor": results.next_cursor}
