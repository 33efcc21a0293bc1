"""Circle pages: forming."""

urlpatterns: list = []
