from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workaloud.audience import visible_goals
from workaloud.goals import services
from workaloud.goals.forms import GoalForm
from workaloud.goals.models import Goal
from workaloud.web import add_service_errors, get_visible_or_404
from workaloud.work.feeds import goal_feed


@login_required
def goal_list(request):
    goals = Goal.objects.filter(owner=request.user).order_by("status", "-created_at")
    return render(request, "goals/goal_list.html", {"goals": goals})


@login_required
def goal_create(request):
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.create_goal(request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Goal created. Share an update on it when you make progress.")
            return redirect(goal)
    return render(request, "goals/goal_form.html", {"form": form, "creating": True})


@login_required
def goal_edit(request, goal_id):
    goal = get_visible_or_404(visible_goals(request.user), pk=goal_id)
    if goal.owner_id != request.user.pk:
        raise PermissionDenied("Only the goal's owner can change it.")
    form = GoalForm(request.POST or None, instance=goal)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_goal(goal, request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Goal saved.")
            return redirect(goal)
    return render(request, "goals/goal_form.html", {"form": form, "goal": goal})


def goal_detail(request, goal_id):
    goal = get_visible_or_404(visible_goals(request.user).select_related("owner"), pk=goal_id)
    try:
        page = goal_feed(request.user, goal, cursor=request.GET.get("cursor"))
    except ValidationError:  # a malformed page link: start from the first page
        return redirect(goal)
    if request.htmx:  # "load more": only the next items
        return render(request, "work/_feed_items.html", {"page": page})
    context = {
        "goal": goal,
        "page": page,
        "is_following": services.is_following_goal(request.user, goal),
        "follower_count": goal.follows.count(),
    }
    return render(request, "goals/goal_detail.html", context)


@login_required
@require_POST
def goal_follow(request, goal_id):
    goal = get_visible_or_404(visible_goals(request.user), pk=goal_id)
    if request.POST.get("action") == "unfollow":
        services.unfollow_goal(request.user, goal)
    else:
        try:
            services.follow_goal(request.user, goal)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(goal)
