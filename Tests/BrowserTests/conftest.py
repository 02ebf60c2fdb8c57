"""Fixtures of the browser tests: the running system (once per run), the programme's data, the
accounts people sign in with, Chromium (Debian's, driven by Playwright), and a fresh browser context
per test. Run with scripts/test.sh, or by hand after `eval "$(scripts/infra.sh env)"` with
OTOP_BIN_DIR set: `$OTOP_VENV/bin/python -m pytest Tests/BrowserTests`."""
import os
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from accessibility import AccessibilityLog  # noqa: E402
from portal_page import PortalPage  # noqa: E402
from programme import Programme  # noqa: E402
from system import RunningSystem  # noqa: E402

PASSWORD = "ข้าวเหนียวมะม่วง 2570"
CHROMIUM = os.environ.get("OTOP_CHROMIUM", "/usr/bin/chromium")


class Accounts:
    """The portal accounts the tests sign in with (created with otopctl, as an operator would): a
    regional officer for each region the tests work in, a national officer and an operator."""
    north = "north.officer"
    central = "central.officer"
    northeast = "northeast.officer"
    south = "south.officer"
    east = "east.officer"
    west = "west.officer"
    national = "national.officer"
    operator = "operator.one"
    password = PASSWORD


@pytest.fixture(scope="session")
def system():
    running = RunningSystem().start()
    yield running
    statuses = running.stop()
    unclean = {name: status for name, status in statuses.items() if status != 0}
    assert not unclean, f"services that did not exit cleanly within 10 s of SIGTERM: {unclean}"


@pytest.fixture(scope="session")
def accounts(system):
    system.create_account(Accounts.north, "สมชาย ใจดี", "officer", PASSWORD, region="north")
    system.create_account(Accounts.central, "วิภา ศรีสุข", "officer", PASSWORD, region="central")
    system.create_account(Accounts.northeast, "บุญมี ศรีอีสาน", "officer", PASSWORD, region="northeast")
    system.create_account(Accounts.south, "อารีย์ ทะเลใต้", "officer", PASSWORD, region="south")
    system.create_account(Accounts.east, "ชลธี ริมทะเล", "officer", PASSWORD, region="east")
    system.create_account(Accounts.west, "ภูผา ตะวันตก", "officer", PASSWORD, region="west")
    system.create_account(Accounts.national, "กมล วงศ์ใหญ่", "officer", PASSWORD)
    system.create_account(Accounts.operator, "ผู้ดูแลระบบ ทดสอบ", "operator", PASSWORD)
    return Accounts


@pytest.fixture(scope="session")
def programme(system):
    """Two regions' data: in Chiang Mai (north) a qualified provider, one waiting for
    pre-qualification and an enterprise; in Bangkok (central) an enterprise and its request."""
    data = Programme(system)
    data.north_provider = data.provider("คลินิกเทคโนโลยี มหาวิทยาลัยแม่โจ้")
    data.waiting_provider = data.provider("ศูนย์บริการวิชาการ รอคัดกรอง", qualified=False)
    data.await_matching_knows([data.north_provider["id"], data.waiting_provider["id"]])
    data.north_enterprise = data.enterprise("วิสาหกิจชุมชนกลุ่มแม่บ้านบ้านแม่ริม")
    data.bangkok_enterprise = data.enterprise("กลุ่มขนมไทยบางกอกน้อย", province="TH-10", district="บางกอกน้อย",
                                              product="ขนมชั้นใบเตย")
    data.bangkok_request = data.request(data.bangkok_enterprise)
    return data


@pytest.fixture(scope="session")
def accessibility():
    return AccessibilityLog()


@pytest.fixture(scope="session")
def chromium():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def context(chromium):
    context = chromium.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def portal(context, system, accessibility):
    return PortalPage(context.new_page(), system.portal, accessibility)


@pytest.fixture
def second_portal(chromium, system, accessibility):
    """Another person's browser (cookies of its own)."""
    context = chromium.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    yield PortalPage(context.new_page(), system.portal, accessibility)
    context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test prints the tail of every service's log."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and "system" in item.fixturenames:
        report.sections.append(("service logs", item.funcargs["system"].logs()))


def pytest_terminal_summary(terminalreporter):
    log = getattr(terminalreporter.config, "_accessibility", None)
    if log and log.checked:
        terminalreporter.write_line(f"axe checked {len(log.checked)} page kinds: "
                                    + ", ".join(f"{path} ({lang}: {title})" for path, lang, title in sorted(log.checked)))


@pytest.fixture(scope="session", autouse=True)
def _remember_accessibility(request, accessibility):
    request.config._accessibility = accessibility
