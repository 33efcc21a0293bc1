import re

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse

# Paths an anonymous visitor may reach in a private community. The API answers for itself
# (401 with a JSON message), so it is open here.
OPEN_PREFIXES = ("/accounts/", "/static/", "/api/", "/healthz", "/admin/")
# A circle's iCalendar feed: calendar apps cannot log in; the secret token in its path decides.
# The digest's unsubscribe link works with one click and no login; its signed token decides.
OPEN_PATHS = re.compile(r"/circles/\d+/calendar/[^/]+\.ics|/digests/unsubscribe/[^/]+/")


class CommunityAccessMiddleware:
    """In a private community (the default) anonymous visitors see only login and signup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not settings.COMMUNITY_PUBLIC
            and not request.user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
            and not OPEN_PATHS.fullmatch(request.path)
        ):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class ApiJsonErrorsMiddleware:
    """Under /api/, answer an unknown path or a wrong method in JSON too, like every API error."""

    MESSAGES = {
        404: "There is no API endpoint at this address; see /api/docs.",
        405: "This endpoint does not accept the {method} method.",
    }

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith("/api/")
            and response.status_code in self.MESSAGES
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            detail = self.MESSAGES[response.status_code].format(method=request.method)
            json_response = JsonResponse(
                {"detail": detail, "errors": None}, status=response.status_code
            )
            if response.has_header("Allow"):
                json_response["Allow"] = response["Allow"]
            return json_response
        return response
