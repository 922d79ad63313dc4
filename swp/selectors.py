from django.http import Http404

from swp.models import Partnership


def partnership_current() -> Partnership:
    """The partnership this installation serves: one installation, one partnership."""
    partnership = Partnership.objects.order_by("pk").first()
    if partnership is None:
        raise Http404("No partnership has been loaded yet.")
    return partnership
