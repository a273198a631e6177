"""/strategy/ URLs: the action plan tracker, its board report, and policy impact checks."""

from django.urls import path

from waypost.strategy import board_views, impact_views, tracker_views

app_name = "strategy"
urlpatterns = [
    path("", tracker_views.strategies, name="strategies"),
    path("<uuid:strategy_id>/", tracker_views.strategy_page, name="strategy"),
    path("<uuid:strategy_id>/reviews/", tracker_views.reviews, name="reviews"),
    path("<uuid:strategy_id>/reviews/new/", tracker_views.review_new, name="review_new"),
    path("<uuid:strategy_id>/board-report.pdf", board_views.board_report, name="board_report"),
    path("reviews/<uuid:review_id>/", tracker_views.review_page, name="review"),
    path("commitments/<uuid:commitment_id>/", tracker_views.commitment_page, name="commitment"),
    path(
        "commitments/<uuid:commitment_id>/measure/",
        tracker_views.commitment_measure,
        name="commitment_measure",
    ),
    path("actions/<uuid:action_id>/", tracker_views.action_page, name="action"),
    path("impact/", impact_views.checks, name="impact_checks"),
    path("impact/new/", impact_views.check_new, name="impact_new"),
    path("impact/summary/", impact_views.summary, name="impact_summary"),
    path("impact/checks.csv", impact_views.checks_csv, name="impact_csv"),
    path("impact/<uuid:check_id>/", impact_views.check_page, name="impact_check"),
    path("impact/<uuid:check_id>/submit/", impact_views.check_submit, name="impact_submit"),
]
