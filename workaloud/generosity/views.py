from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from workaloud.generosity import ledger, services
from workaloud.generosity.forms import ThanksForm

CHART_WIDTH, CHART_HEIGHT, CHART_TOP, CHART_BASE = 640, 170, 18, 140


def _choice(request, name: str, choices, default: str = "") -> str:
    value = request.GET.get(name, default)
    return value if value in choices else default


def balance_chart(balance: dict) -> dict:
    """Bar geometry for the balance: a pair of bars (given, received) per week or month."""
    buckets = balance["buckets"]
    slot = CHART_WIDTH / len(buckets)
    bar = min(18.0, slot / 3)
    scale = (CHART_BASE - CHART_TOP) / balance["peak"]
    columns = []
    for i, b in enumerate(buckets):
        left = i * slot + (slot - 2 * bar - 2) / 2
        columns.append(
            {
                **b,
                "centre": round(i * slot + slot / 2, 1),
                "bars": [
                    {
                        "side": side,
                        "value": b[side],
                        "x": round(left + (0 if side == "given" else bar + 2), 1),
                        "width": round(bar, 1),
                        "cx": round(left + (0 if side == "given" else bar + 2) + bar / 2, 1),
                        "height": round(b[side] * scale, 1),
                        "y": round(CHART_BASE - b[side] * scale, 1),
                    }
                    for side in ("given", "received")
                ],
            }
        )
    return {
        "columns": columns,
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "base": CHART_BASE,
        "label_y": CHART_BASE + 18,
    }


@login_required
def ledger_page(request):
    """My contribution ledger: only ever the viewer's own acts, given and received."""
    viewer = request.user
    direction = _choice(request, "direction", ledger.DIRECTIONS)
    category = _choice(request, "category", ledger.CATEGORY_KEYS)
    period = _choice(request, "period", ledger.PERIODS, "week")
    page, entries = ledger.ledger_page(
        viewer, page=request.GET.get("page"), direction=direction, category=category
    )
    balance = ledger.balance(viewer, period)
    context = {
        "counts": ledger.counts(viewer),
        "page": page,
        "entries": entries,
        "direction": direction,
        "category": category,
        "category_label": ledger.CATEGORY_LABELS.get(category, ""),
        "period": period,
        "balance": balance,
        "chart": balance_chart(balance),
        "persona": ledger.my_persona(viewer),
        "prompt": ledger.offer_prompt(viewer),
    }
    return render(request, "generosity/ledger.html", context)


@login_required
@require_POST
def say_thanks(request):
    """Thank someone for a response or an update. With htmx, answers the control itself
    ("You thanked …", or the error); without JavaScript, goes back to the update."""
    form = ThanksForm(request.POST)
    form.is_valid()
    ids = {name: form.cleaned_data.get(name) for name in ("response_id", "update_id")}
    if any(name in form.errors for name in ids) or list(ids.values()).count(None) != 1:
        raise Http404("No such response or update.")
    update, response, receiver = services.thanked_item(request.user, **ids)
    error = ""
    if "note" in form.errors:
        error = " ".join(form.errors["note"])
    else:
        try:
            services.say_thanks(request.user, note=form.cleaned_data["note"], **ids)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    if request.htmx:
        context = services.widget(
            request.user, update, response, error=error, note=request.POST.get("note", "")[:300]
        )
        return render(request, "generosity/_thanks.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"You thanked {receiver.name}. Only they will see it.")
    anchor = f"#response-{response.pk}" if response is not None else ""
    return redirect(f"{update.get_absolute_url()}{anchor}")
