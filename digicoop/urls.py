from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy

from accounts import password_reset_views as reset_views
from accounts import people as people_views
from accounts import twofactor_views
from accounts import views as account_views
from api.v1 import api, api_not_found
from portal import views as portal_views

admin.site.site_header = gettext_lazy("digicoop administration")
admin.site.site_title = "digicoop"

urlpatterns = [
    path("", portal_views.home, name="home"),
    path("plans/<slug:slug>/", portal_views.plan_detail, name="plan-detail"),
    path("activities/", include("activities.urls")),
    path("accounts/tokens/", include("accounts.urls")),
    path("accounts/audit/", account_views.audit_log, name="audit-log"),
    path("accounts/login/", twofactor_views.SignInView.as_view(), name="login"),
    path("accounts/login/code/", twofactor_views.sign_in_code, name="login-code"),
    path("accounts/two-factor/", twofactor_views.two_factor, name="two-factor"),
    path("accounts/password_reset/", reset_views.ResetView.as_view(), name="password_reset"),
    path(
        "accounts/password_reset/done/",
        reset_views.ResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        reset_views.ResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/people/", people_views.people, name="people"),
    path("accounts/people/roles/<int:pk>/change/", people_views.role_change, name="role-change"),
    path("accounts/people/roles/<int:pk>/revoke/", people_views.role_revoke, name="role-revoke"),
    path(
        "accounts/people/invitations/<int:pk>/<str:action>/",
        people_views.invitation_action,
        name="invitation-action",
    ),
    path("accounts/invitation/<str:token>/", people_views.accept, name="invitation-accept"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    re_path(r"^api/v1/", api_not_found),
    path("i18n/", include("languages.urls")),
    path("", include("interop.urls")),
    path("", include("portal.urls")),
    path("", include("indicators.urls")),
    path("", include("frameworks.urls")),
    path("", include("talent.urls")),
    path("", include("finance.urls")),
    path("", include("workspace.urls")),
    path("reports/", include("reports.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
