"""WSGI entry point for a checkout: `gunicorn wsgi:app`."""

from qualify.wsgi import app

__all__ = ["app"]
