from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from workaloud.relationships.services import my_relationships


@login_required
def relationship_list(request):
    """My relationships: only the viewer's own, strongest first."""
    return render(
        request,
        "relationships/relationship_list.html",
        {"relationships": my_relationships(request.user)},
    )
