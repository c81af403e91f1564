"""Pages stay light on a phone's data plan: the stylesheet and scripts a page can load
weigh less than 100 KB together (everything works without the scripts, too)."""

from __future__ import annotations

import re

from flask.testing import FlaskClient

from tests.conftest import REPO

STATIC = REPO / "qualify" / "web" / "static"
LIMIT = 100 * 1024


def test_css_and_javascript_together_stay_under_100_kb() -> None:
    files = [*STATIC.glob("*.css"), *STATIC.glob("*.js")]
    assert files and sum(path.stat().st_size for path in files) < LIMIT


def test_pages_load_only_the_sites_own_css_and_scripts(client: FlaskClient) -> None:
    page = client.get("/").get_data(as_text=True)
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+\.(?:js|css))"', page)
    assert sources and all(source.startswith("/static/") for source in sources)
