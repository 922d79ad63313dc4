"""The WSGI application, as gunicorn serves it (`gunicorn swp.wsgi`)."""

import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "swp.settings")
application = get_wsgi_application()

# Import the URLconf, and with it every view, now rather than on the first request; then take
# everything start-up built out of the cyclic garbage collector's sight. It lives as long as the
# process, and re-scanning it in every full collection paused whichever request set one off for
# about 100 ms (make bench).
import_module(settings.ROOT_URLCONF)
gc.collect()
gc.freeze()
