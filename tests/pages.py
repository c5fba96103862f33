"""Reading what a page of ours asks the browser to load."""

import html as html_lib
import json
import re


def boundary_urls(html: str) -> dict[str, str]:
    """The map's boundary files by set of areas (the data-boundaries attribute)."""
    (found,) = re.findall(r"data-boundaries='([^']+)'", html)
    return json.loads(html_lib.unescape(found))


def first_view_urls(html: str) -> list[str]:
    """Every asset the page loads at first: scripts (among them the boundaries of the set
    of areas it shows, as a script) and stylesheets; other sets and the colours load only
    when chosen."""
    return list(dict.fromkeys(re.findall(r'(?:src|href)="(/assets/[^"]+)"', html)))


def boundaries_script_url(html: str) -> str:
    """The script carrying the boundaries of the set the page shows first."""
    (shown,) = re.findall(r'data-set="([^"]+)"', html)
    (url,) = re.findall(rf'src="(/assets/{shown}\.topojson\.[0-9a-f]+\.js)"', html)
    return url


#: What Hertfordshire's details must show, exactly as its summary page printed it.
HERTFORDSHIRE_AS_PUBLISHED = (
    "1,116,300",
    "58,305",
    "£2.5m",
    "£6m",
    "£34m",
    "609,000",
    "58,100",
    "27,900",
    "6,800",
    "Cell and Gene Therapy Catapult",
    "£60m",
    "develop its Local Industrial Strategy",
    "more than £45bn",
    "as published December 2018",
)
