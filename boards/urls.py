from django.urls import path

from boards import views

urlpatterns = [
    path("<slug:slug>/", views.board_detail, name="board-detail"),
]
