"""Accessibility checks of a page open in the browser tests: axe-core with the WCAG 2.1 A/AA rules,
plus what axe leaves to a person (a description or label pointing at nothing, an empty table
header, a form field whose border cannot be seen).

axe-core comes from the npm registry (package.json) into node_modules/; without it the browser tests
are skipped with a reason, as they are without chromium. The script is handed to the page through
the DevTools protocol (page.evaluate), which the site's Content Security Policy does not block.
"""

from pathlib import Path

import pytest

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

RUN_AXE = """async (tags) => {
  const result = await window.axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => v.id + " (" + v.impact + "): " + v.help + " -> " +
    v.nodes.slice(0, 5).map(n => n.target.join(" ") + " [" + n.failureSummary.replace(/\\s+/g, " ") + "]").join("; "));
}"""

# What axe reports only as "needs review", or not at all.
OWN_CHECKS = """() => {
  const problems = [];
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.name ? "[name=" + el.name + "]" : "");
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
    document.querySelectorAll("[" + attr + "]").forEach((el) => {
      el.getAttribute(attr).split(/\\s+/).filter(Boolean).forEach((id) => {
        if (!document.getElementById(id)) problems.push(describe(el) + " has " + attr + "=" + id + " but no element has that id");
      });
    });
  }
  document.querySelectorAll("label").forEach((label) => {
    if (!visible(label)) return;
    if (!label.control) problems.push("label “" + label.textContent.trim().slice(0, 60) + "” names no form control");
  });
  document.querySelectorAll("th").forEach((th) => {
    if (!th.textContent.trim() && !th.getAttribute("aria-label")) problems.push("empty table header in " + describe(th.closest("table")));
  });
  // WCAG 1.4.11: the edge of a text box must stand out from the page (3:1).
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const background = (el) => {
    for (let node = el.parentElement; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      const alpha = (colour.match(/[\\d.]+/g) || [])[3];
      if (colour !== "transparent" && alpha !== "0") return rgb(colour);
    }
    return [255, 255, 255];
  };
  document.querySelectorAll("input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=submit]), select, textarea").forEach((el) => {
    if (!visible(el) || el.disabled) return;
    const style = getComputedStyle(el);
    const contrast = ratio(rgb(style.borderTopColor), background(el));
    if (parseFloat(style.borderTopWidth) > 0 && contrast < 3) {
      problems.push(describe(el) + " border " + style.borderTopColor + " has contrast " + contrast.toFixed(2) + ":1 (needs 3:1)");
    }
  });
  return problems;
}"""


def axe_missing_reason() -> str:
    if AXE.exists():
        return ""
    return f"axe-core is not installed ({AXE.relative_to(AXE.parents[2])} missing: run npm install); browser tests skipped"


def audit(page) -> list[str]:
    """Problems of the page as it is now; an empty list when it passes."""
    if page.evaluate("document.contentType") != "text/html":
        return []
    if not page.evaluate("() => !!window.axe"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    problems = page.evaluate(RUN_AXE, WCAG_TAGS) + page.evaluate(OWN_CHECKS)
    return [f"{page.url}: {problem}" for problem in problems]


def assert_accessible(page) -> None:
    from playwright.sync_api import Error

    try:
        problems = audit(page)
    except Error as exc:  # the page was still navigating: check the page it arrives at
        if "context was destroyed" not in str(exc):
            raise
        page.wait_for_load_state()
        problems = audit(page)
    if problems:
        pytest.fail("Accessibility problems (WCAG 2.1 AA):\n" + "\n".join(problems), pytrace=False)


def audit_every_page(page) -> None:
    """Check each page the test reaches: after goto() and after each wait_for_url()."""
    goto, wait_for_url = page.goto, page.wait_for_url

    def checked_goto(*args, **kwargs):
        response = goto(*args, **kwargs)
        assert_accessible(page)
        return response

    def checked_wait_for_url(*args, **kwargs):
        result = wait_for_url(*args, **kwargs)
        assert_accessible(page)
        return result

    page.goto = checked_goto
    page.wait_for_url = checked_wait_for_url
