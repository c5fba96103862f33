"""Reading what a page of ours asks the browser to load."""

import html as html_lib
import json
import re


def boundary_urls(html: str) -> dict[str, str]:
    """The map's boundary files by set of areas (the data-boundaries attribute)."""
    (found,) = re.findall(r"data-boundaries='([^']+)'", html)
    return json.loads(html_lib.unescape(found))


def first_view_urls(html: str) -> list[str]:
    """Every asset the page loads at first: scripts, stylesheets, and the boundaries of the
    set of areas it shows (other sets and the colours load only when chosen)."""
    urls = re.findall(r'(?:src|href)="(/assets/[^"]+)"', html)
    (shown,) = re.findall(r'data-set="([^"]+)"', html)
    return [*urls, boundary_urls(html)[shown]]
