from django.conf import settings


def community(request):
    return {
        "community_name": settings.COMMUNITY_NAME,
        "community_public": settings.COMMUNITY_PUBLIC,
    }
