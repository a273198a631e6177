"""Support plans, actions and the timeline."""

from django.urls import path

from waypost.cases import plan_views, timeline_views

urlpatterns = [
    path("people/<uuid:person_id>/plan/", plan_views.plan, name="plan"),
    path("people/<uuid:person_id>/plan/goals/new/", plan_views.add_goal, name="add_goal"),
    path(
        "people/<uuid:person_id>/plan/goals/<uuid:goal_id>/close/",
        plan_views.close_goal,
        name="close_goal",
    ),
    path("people/<uuid:person_id>/plan/actions/new/", plan_views.add_action, name="add_action"),
    path(
        "people/<uuid:person_id>/plan/actions/<uuid:action_id>/",
        plan_views.update_action,
        name="update_action",
    ),
    path("people/<uuid:person_id>/timeline/", timeline_views.timeline, name="timeline"),
    path("actions/mine/", plan_views.my_actions, name="my_actions"),
    path("actions/agency/", plan_views.agency_actions, name="agency_actions"),
    path("actions/overdue/", plan_views.overdue_actions, name="overdue_actions"),
]
