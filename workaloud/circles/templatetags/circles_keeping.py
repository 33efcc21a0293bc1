"""Template tags for the circle page's partials on keeping a circle going (_health.html,
_ending.html): they are included with the circle page's context, so they fetch their own
figures here, for members only."""

from django import template

from workaloud.circles import ending, health

register = template.Library()


@register.simple_tag
def circle_health_for(circle, membership):
    """The circle's health for a member; None for anyone else."""
    if membership is None:
        return None
    return health.circle_health(circle)


@register.simple_tag
def circle_ending_for(circle, membership):
    """The end of the programme as the member sees it; None for anyone else."""
    if membership is None:
        return None
    return ending.ending_state(circle, membership.person)


@register.filter
def bar_height(percent, full: int = 48) -> int:
    """A bar's height in pixels for a percentage (a sliver for 0, so the week still shows)."""
    if percent is None:
        return 0
    return max(2, round(percent / 100 * full))


CHART_HEIGHT = 48
BAR_STEP = 26
BAR_WIDTH = 18


@register.simple_tag
def attendance_bars(weeks):
    """Bars for an inline SVG chart of attendance by week: one per week, its height the share
    present; a held week nobody recorded and a week still ahead are drawn as outlines."""
    bars = []
    for n, week in enumerate(weeks):
        percent = week.attendance_percent
        if not week.held:
            kind, height, title = "ahead", CHART_HEIGHT, f"Week {week.week}: still ahead"
        elif percent is None:
            kind, height, title = "unknown", CHART_HEIGHT, f"Week {week.week}: not recorded"
        else:
            kind = "good" if percent >= 75 else "fair" if percent >= 50 else "low"
            height = max(2, round(percent / 100 * CHART_HEIGHT))
            title = f"Week {week.week}: {week.present} of {week.expected} present ({percent}%)"
        x = n * BAR_STEP + 4
        bars.append(
            {
                "week": week.week,
                "x": x,
                "label_x": x + BAR_WIDTH // 2,
                "y": 4 + CHART_HEIGHT - height,
                "height": height,
                "kind": kind,
                "title": title,
            }
        )
    return {
        "bars": bars,
        "width": max(1, len(bars)) * BAR_STEP + 8,
        "bar_width": BAR_WIDTH,
        "baseline": 4 + CHART_HEIGHT,
        "label_y": 4 + CHART_HEIGHT + 14,
        "height": CHART_HEIGHT + 22,
    }


@register.simple_tag
def sparkline(percents, width: int = 120, height: int = 28):
    """Points of a sparkline over attendance percentages (None values are skipped)."""
    values = [(i, p) for i, p in enumerate(percents) if p is not None]
    if not values:
        return None
    step = width / max(1, len(percents) - 1) if len(percents) > 1 else 0
    points = [
        (round(i * step + 2, 1), round(2 + (100 - p) / 100 * (height - 4), 1)) for i, p in values
    ]
    return {
        "points": " ".join(f"{x},{y}" for x, y in points),
        "last": points[-1],
        "width": width + 4,
        "height": height,
    }
