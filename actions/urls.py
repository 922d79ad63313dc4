from django.urls import path

from actions.views import action, executive, plans

urlpatterns = [
    path("boards/<slug:slug>/plan/", plans.plan_detail, name="plan-detail"),
    path("boards/<slug:slug>/plan/start/", plans.plan_start, name="plan-start"),
    path("boards/<slug:slug>/plan/<int:version>/submit/", plans.plan_submit, name="plan-submit"),
    path("boards/<slug:slug>/plan/<int:version>/approve/", plans.plan_approve, name="plan-approve"),
    path("boards/<slug:slug>/plan/<int:version>/return/", plans.plan_return, name="plan-return"),
    path("boards/<slug:slug>/plan/<int:version>/revise/", plans.plan_revise, name="plan-revise"),
    path("boards/<slug:slug>/plan/<int:version>/actions/add/", plans.action_add, name="action-add"),
    path("actions/<int:pk>/", action.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", action.action_edit, name="action-edit"),
    path("actions/<int:pk>/cancel/", action.action_cancel, name="action-cancel"),
    path("actions/<int:pk>/move/", plans.action_move, name="action-move"),
    path("actions/<int:pk>/updates/add/", action.progress_update_add, name="progress-update-add"),
    path("my/actions/", action.my_actions_list, name="my-actions"),
    path("executive/", executive.executive, name="executive"),
]
