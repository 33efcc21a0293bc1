"""Circle pages: meetings."""

urlpatterns: list = []
