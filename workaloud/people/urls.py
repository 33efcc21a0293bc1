from django.contrib.auth import views as auth_views
from django.urls import path

from workaloud.people import views

urlpatterns = [
    path("accounts/signup/", views.sign_up, name="signup"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(extra_context={"tab": "password"}),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(extra_context={"tab": "password"}),
        name="password_change_done",
    ),
    path("people/", views.people, name="people"),
    path("people/<str:username>/", views.profile, name="profile"),
    path("people/<str:username>/legacy/", views.legacy, name="legacy"),
    path("people/<str:username>/follow/", views.follow, name="follow"),
    path("people/<str:username>/unfollow/", views.unfollow, name="unfollow"),
    path("settings/", views.settings_profile, name="settings_profile"),
    path("settings/tokens/", views.settings_tokens, name="settings_tokens"),
    path("settings/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
]
