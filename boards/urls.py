from django.urls import path

from boards import views

urlpatterns = [
    path("boards/<slug:slug>/", views.board_detail, name="board-detail"),
]
