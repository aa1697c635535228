from django.urls import path

from languages import views

urlpatterns = [
    path("setlang/", views.set_language, name="set_language"),
    path("fonts.css", views.fonts_css, name="fonts-css"),
]
