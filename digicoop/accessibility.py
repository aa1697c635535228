"""The automated accessibility check of the browser tests: axe-core, run in the page.

axe-core comes from the npm registry, pinned to one exact version in package.json and
package-lock.json (``make test`` runs ``npm ci`` when node_modules is missing); nothing here is
served to users. A missing axe is a failure that says how to get it, never a skip: a check that
silently does not run would pass every page.

``assert_accessible(page)`` fails listing every violation (rule, impact, the elements, how to
fix). Rules are never switched off here without a reason written beside them.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

# The standards checked: WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


class AxeMissing(AssertionError):
    pass


def axe_source() -> str:
    if not AXE.is_file():
        raise AxeMissing(
            f"{AXE} is missing: the accessibility check needs the pinned axe-core; run "
            "`make test` (it runs `npm ci` when node_modules is missing) or `npm ci`."
        )
    return AXE.read_text(encoding="utf-8")


def violations(page) -> list[dict]:
    """axe's violations on the page as it is now (the script is evaluated through the
    browser's debugging protocol, so the pages' Content-Security-Policy need not allow it)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())
    return page.evaluate(
        """async (tags) => {
            const found = await window.axe.run(document, {
                runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
            });
            return found.violations.map((v) => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map((n) => n.target.join(" ") + ": " + n.failureSummary),
            }));
        }""",
        TAGS,
    )


def assert_accessible(page, where: str = "") -> None:
    """Fail naming each violation axe finds on ``page`` (labels, headings, contrast, landmarks,
    names of links and buttons, ARIA…)."""
    found = violations(page)
    if found:
        lines = [f"{len(found)} accessibility violation(s) on {where or page.url}:"]
        for v in found:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
            lines.extend(f"    {node}" for node in v["nodes"][:5])
        raise AssertionError("\n".join(lines))
