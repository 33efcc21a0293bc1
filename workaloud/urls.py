from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path

from workaloud.api import api
from workaloud.imports.urls import claim_urlpatterns as claim_urls

admin.site.site_header = "Workaloud administration"
admin.site.site_title = "Workaloud admin"

urlpatterns = [
    path("", include("workaloud.work.urls")),
    path("", include("workaloud.people.urls")),
    path("", include("workaloud.relationship_lists.urls")),  # before goals/ and relationships/
    path("goals/", include("workaloud.goals.urls")),
    path("notifications/", include("workaloud.notifications.urls")),
    path("relationships/generosity/", include("workaloud.generosity.urls")),  # before the next
    path("relationships/", include("workaloud.relationships.urls")),
    path("circles/", include("workaloud.circles.urls")),
    path("digests/", include("workaloud.digests.urls")),
    path("campaigns/", include("workaloud.campaigns.urls")),
    path("reflection/", include("workaloud.reflection.urls")),
    path("imports/", include("workaloud.imports.urls")),
    # An invitation to claim imported history: open to visitors like the rest of accounts/.
    path("accounts/claim/", include(claim_urls)),
    path("introductions/", include("workaloud.introductions.urls")),
    path("discovery/", include("workaloud.discovery.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("healthz", lambda request: HttpResponse("ok", content_type="text/plain")),
]
