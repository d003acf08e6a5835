from django.urls import path

from . import views

app_name = "training"

urlpatterns = [
    # teacher space
    path("me/", views.teacher_home, name="teacher_home"),
]
