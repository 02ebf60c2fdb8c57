"""axe-core (from PyPI's axe-playwright-python) run on every portal page a test reaches: a serious or
critical violation fails the test at that page, naming the rule, its help text and the elements."""
import re

from axe_playwright_python.sync_playwright import Axe

FAILING = {"serious", "critical"}
_axe = Axe()
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


class AccessibilityLog:
    """The pages checked in this run (each page kind once per language and title, so an error page
    at a path is checked besides the page itself), for the run's summary."""

    def __init__(self):
        self.checked = {}

    @staticmethod
    def kind(url):
        path = url.split("://", 1)[-1].split("/", 1)[-1].split("#", 1)[0].split("?", 1)[0]
        return "/" + UUID.sub("{id}", path)

    def check(self, page):
        """Runs axe on `page` unless a page of its kind, language and title was checked already."""
        language = page.evaluate("document.documentElement.lang")
        key = (self.kind(page.url), language, page.title().split(" · ")[0])
        if key in self.checked:
            return
        violations = [v for v in _axe.run(page).response["violations"] if v.get("impact") in FAILING]
        self.checked[key] = len(violations)
        assert not violations, f"axe on {page.url} ({language}):\n" + "\n".join(
            f"  {v['impact']}: {v['id']} — {v['help']} — " + ", ".join(str(n["target"]) for n in v["nodes"][:5])
            for v in violations)
