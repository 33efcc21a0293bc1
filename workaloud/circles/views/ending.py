"""Circle pages: ending."""

urlpatterns: list = []
