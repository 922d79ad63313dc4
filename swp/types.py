from django.http import HttpRequest

from swp.models import User


class AuthenticatedRequest(HttpRequest):
    """A request that LoginRequiredMiddleware has let through, so its user is a real account."""

    user: User
