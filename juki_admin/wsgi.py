"""WSGI entry point (for gunicorn or mod_wsgi in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "juki_admin.settings")
application = get_wsgi_application()
