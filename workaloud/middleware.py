from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# Paths an anonymous visitor may reach in a private community. The API answers for itself
# (401 with a JSON message), so it is open here.
OPEN_PREFIXES = ("/accounts/", "/static/", "/api/", "/healthz", "/admin/")


class CommunityAccessMiddleware:
    """In a private community (the default) anonymous visitors see only login and signup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            not settings.COMMUNITY_PUBLIC
            and not request.user.is_authenticated
            and not request.path.startswith(OPEN_PREFIXES)
        ):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)
