from django.http import HttpRequest, HttpResponse

from waypost.accounts.models import Role
from waypost.accounts.roles import role_required


@role_required(Role.DPO)
def log(request: HttpRequest) -> HttpResponse:
    return HttpResponse("TODO")
