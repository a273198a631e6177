"""The funds app's staff pages, under /funds/; each part keeps its own URL module."""

from waypost.funds import fund_urls, income_urls, reconnection_urls, request_urls

app_name = "funds"

urlpatterns = [
    *fund_urls.urlpatterns,
    *income_urls.urlpatterns,
    *request_urls.urlpatterns,
    *reconnection_urls.urlpatterns,
]
