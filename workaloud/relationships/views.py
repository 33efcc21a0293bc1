from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from workaloud.goals.models import Goal
from workaloud.relationships import model, queries, story
from workaloud.relationships.forms import RelationshipFilterForm


@login_required
def relationship_list(request):
    """My relationships: only the viewer's own, strongest first, filtered and paged."""
    goals = Goal.objects.filter(owner=request.user).order_by("title")
    form = RelationshipFilterForm(request.GET, goals=goals)
    mine = queries.Mine(request.user)
    if form.is_valid():
        page = mine.page(form.filters(), page=form.cleaned_data["page"] or 1)
    else:
        page = queries.RelationshipPage(rows=[], total=0, matching=0, page=1, pages=1)
    filtered = form.is_valid() and form.filters() != queries.Filters(sort=form.filters().sort)
    return render(
        request,
        "relationships/relationship_list.html",
        {
            "form": form,
            "page": page,
            "relationships": page.rows,
            "filtered": filtered,
            "weak_ties": mine.weak_ties() if not filtered else [],
            "brokers": mine.brokers() if not filtered else [],
            "stage_names": model.STAGE_NAMES,
            "half_life": model.half_life_days(),
        },
    )


@login_required
def relationship_story(request, username):
    """The story of the viewer's relationship with one person; 404 for people they can't see.

    Someone no longer active (a member who left, a person known only from imported history)
    keeps their place in the viewer's own story, but only where the two have a relationship.
    """
    other = story.person_in_story(request.user, username)
    if other.pk == request.user.pk:
        return redirect("relationships")
    return render(
        request,
        "relationships/relationship_story.html",
        {"other": other, "s": story.story(request.user, other)},
    )
