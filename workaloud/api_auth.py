"""Who is calling the API: a personal token, the browser session, or (in a public community)
an anonymous reader.

Every operation lists the callbacks that may admit its caller; django-ninja tries them in
order and answers 401 when none does. ``request.auth`` is then the member (or, for public
reads, an ``AnonymousUser``), and the audience functions decide what that viewer may see.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from workaloud.people.services import user_for_token

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class TokenAuth(HttpBearer):
    """``Authorization: Bearer wal_…`` with a personal API token.

    A presented token that is unknown or revoked is refused outright (401) rather than
    falling back to the session, so a script learns at once that its token stopped working.
    """

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token.strip())
        if user is None:
            raise AuthenticationError(
                message="This API token is unknown or has been revoked. "
                "Create a new one (POST /api/tokens while logged in) and send it as "
                "'Authorization: Bearer wal_…'."
            )
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session of a logged-in member, with Django's CSRF check on unsafe methods.

    Unlike ninja's stock session auth, the CSRF check runs only once we know there is a
    member, so an anonymous POST gets a 401 that says what to do rather than a CSRF 403.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated and user.is_active):
            return None
        if request.method not in SAFE_METHODS and check_csrf(request):
            raise HttpError(
                403,
                "CSRF check failed. A browser session must send the 'csrftoken' cookie's value "
                "in the X-CSRFToken header; scripts should use a bearer token instead.",
            )
        return user


class PublicRead:
    """Admits anonymous readers when ``COMMUNITY_PUBLIC`` is on, for safe methods only.

    It grants nothing by itself: endpoints still pass the anonymous viewer to the audience
    functions, which show it community-wide items only.
    """

    def __call__(self, request: HttpRequest):
        if settings.COMMUNITY_PUBLIC and request.method in SAFE_METHODS:
            return AnonymousUser()
        return None


token_auth = TokenAuth()
session_auth = SessionAuth()

#: Members only: a token or a session.
MEMBER_AUTH = [token_auth, session_auth]
#: Community content: members, and anonymous readers of a public community.
READ_AUTH = [token_auth, session_auth, PublicRead()]
