"""WSGI entry point: `gunicorn --worker-class gthread --threads 4 'qualify.wsgi:app'` (threads:
long streamed downloads outlive a sync worker's timeout; docs/operating.md)."""

from qualify import create_app

app = create_app()
