"""The application's URLs plus the framework floor: a minimal view behind the same middleware."""

from django.http import JsonResponse
from django.urls import include, path


def floor(request):
    """A fixed small JSON body: what the framework costs before the application does anything."""
    return JsonResponse({"ok": True})


urlpatterns = [
    path("bench/floor", floor, name="bench_floor"),
    path("", include("workaloud.urls")),
]
