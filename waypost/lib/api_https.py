"""The API refuses plain HTTP instead of redirecting it (ASVS 4.1.2).

A redirect would hide a partner system's mistake: its token has already crossed the network in
clear, and the call still works. So with SECURE_SSL_REDIRECT on (production), /api/ is exempt
from the redirect (SECURE_REDIRECT_EXEMPT) and answered here with 403 and a JSON error, which
the partner sees at once. Behind a proxy, its X-Forwarded-Proto counts (SECURE_PROXY_SSL_HEADER).
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from waypost.lib import security_log

API_PREFIX = "/api/"
HTTPS_REQUIRED = (
    "The API only answers over HTTPS: call it at an https:// address. If this call sent an "
    "API token, revoke it and make a new one, because it crossed the network unencrypted."
)


class ApiHttpsOnlyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.SECURE_SSL_REDIRECT
            and request.path.startswith(API_PREFIX)
            and not request.is_secure()
        ):
            security_log.refused(request, reason="plain_http", object_kind="api")
            return JsonResponse(
                {
                    "type": "client_error",
                    "errors": [{"code": "https_required", "detail": HTTPS_REQUIRED, "attr": None}],
                },
                status=403,
            )
        return self.get_response(request)
