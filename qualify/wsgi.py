"""WSGI entry point: `gunicorn 'qualify.wsgi:app'`."""

from qualify import create_app

app = create_app()
