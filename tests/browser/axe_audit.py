"""The accessibility audit: axe-core (from npm, see package.json) run in a Playwright page.

Usage, in any browser test::

    from axe_audit import assert_accessible
    page.goto(url)
    assert_accessible(page)            # no serious or critical WCAG 2.x A/AA violations

``audit(page)`` returns the violations for other checks. axe-core is installed by
`make test` (`npm ci`); without it the audit fails under CI=true and skips elsewhere.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.0, 2.1 and 2.2, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERIOUS = ("serious", "critical")


def load_axe(page) -> None:
    """Put axe-core into the page (once). Fails under CI=true, else skips, when missing."""
    if page.evaluate("() => typeof window.axe !== 'undefined'"):
        return
    if not AXE.is_file():
        message = f"axe-core not installed at {AXE}: run `npm ci` (make test does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    # Our Content-Security-Policy (no 'unsafe-inline') refuses an injected <script> tag,
    # and the tests fail on any violation; evaluating the source through the DevTools
    # protocol is not subject to it.
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")


def audit(page, impacts=SERIOUS, context: str | dict | None = None) -> list[dict]:
    """Return axe's WCAG A/AA violations of these impacts on the page as it is now.

    ``context`` limits the audit (a CSS selector or axe's {include, exclude}).
    Each violation is axe's: id, impact, help, helpUrl and the nodes (with their targets).
    """
    load_axe(page)
    results = page.evaluate(
        "([context, tags]) => axe.run(context || document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        [context, WCAG_TAGS],
    )
    return [v for v in results["violations"] if v["impact"] in impacts]


def describe(violations: list[dict]) -> str:
    """Return the violations as readable lines: rule, impact, help and where."""
    lines = []
    for violation in violations:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return "\n".join(lines)


def assert_accessible(page, context: str | dict | None = None) -> None:
    """Fail with a readable list when axe finds serious or critical violations."""
    violations = audit(page, context=context)
    assert violations == [], "accessibility violations:\n" + describe(violations)
