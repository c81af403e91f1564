"""Imprint, privacy notice, accessibility statement with its barrier report, and the facts
about the site's operator that these pages and the admins' warnings need."""
