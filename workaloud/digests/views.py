"""The unsubscribe link (no login) and a member's preview of their own digest."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt

from workaloud.digests import unsubscribe as tokens
from workaloud.digests.rendering import render as render_digest
from workaloud.digests.sending import default_site_url
from workaloud.digests.services import preview_digest
from workaloud.notifications import preferences


def _invalid(request, exc: ValidationError):
    return render(
        request, "digests/unsubscribe_invalid.html", {"message": exc.messages[0]}, status=400
    )


# No CSRF token: mail programs POST here on their own for a one-click unsubscribe (RFC 8058),
# and the signed token in the address is what authorises the one thing this page does.
@csrf_exempt
def unsubscribe(request, token: str):
    """GET: a page with one button (a GET changes nothing: link scanners and previews fetch
    links in emails). POST (that button, or a mail program's one-click request): the digest
    is turned off."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "POST"])
    if request.method == "POST":
        try:
            person = tokens.unsubscribe(token)
        except ValidationError as exc:
            return _invalid(request, exc)
        return render(request, "digests/unsubscribed.html", {"person": person})
    try:
        person = tokens.person_for(token)
    except ValidationError as exc:
        return _invalid(request, exc)
    return render(
        request,
        "digests/unsubscribe.html",
        {
            "person": person,
            "token": token,
            "already_off": preferences.digest_frequency(person) == "off",
        },
    )


@login_required
def preview(request):
    """The email the member would get for their last ended period (HTML, or ``?part=text``)."""
    digest = preview_digest(request.user, site_url=default_site_url())
    subject, text, html = render_digest(digest, default_site_url())
    if request.GET.get("part") == "text":
        return HttpResponse(
            f"Subject: {subject}\n\n{text}", content_type="text/plain; charset=utf-8"
        )
    return HttpResponse(html)
