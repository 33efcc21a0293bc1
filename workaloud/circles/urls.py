from workaloud.circles.views import ending, forming, meetings

urlpatterns = [*forming.urlpatterns, *meetings.urlpatterns, *ending.urlpatterns]
