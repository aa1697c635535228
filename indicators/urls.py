from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("countries/", views.country_list, name="countries"),
    path("countries/<str:code>/", views.country_profile, name="country"),
]
