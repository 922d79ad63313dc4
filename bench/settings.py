"""The app's own settings, with the benchmark's URLs added; everything else is production's.

DEBUG stays off as in production (with it on, Django keeps every query and templates carry debug
information, which would time the wrong thing).
"""

import warnings

from swp.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

# The benchmark never runs collectstatic, which the manifest storage needs to render any page; the
# plain storage makes the same URLs without it, at the same cost per {% static %}.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# WhiteNoise warns on every start that STATIC_ROOT is absent; the benchmark serves no static files.
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
