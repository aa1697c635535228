from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("countries/", views.country_list, name="countries"),
]
