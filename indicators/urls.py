from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("countries/<str:code>/", views.country_profile, name="country"),
]
