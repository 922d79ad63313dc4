from django.urls import path

from boards.views import boards, calendar, escalations, meetings

urlpatterns = [
    path("boards/<slug:slug>/", boards.board_detail, name="board-detail"),
    path("boards/<slug:slug>/meetings.ics", calendar.board_calendar, name="board-calendar"),
    path("boards/<slug:slug>/calendar-link/", boards.calendar_link_reset, name="board-calendar-link-reset"),
    path("meetings/", meetings.meeting_list, name="meeting-list"),
    path("meetings/new/", meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting-edit"),
    path("escalations/", escalations.escalation_list, name="escalation-list"),
    path("escalations/<int:pk>/", escalations.escalation_detail, name="escalation-detail"),
    path("escalations/<int:pk>/respond/", escalations.escalation_respond, name="escalation-respond"),
]
