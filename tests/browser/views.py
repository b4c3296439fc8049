"""One browser page per site page, shown in every view the checks need, and what failed, check by check.

Opening a context and loading the page again for each check cost a second or more a time over 44 pages;
switching the view on one loaded page lays it out the same way, as Playwright itself does it in Chromium."""

from contextlib import contextmanager

from playwright.sync_api import CDPSession, Page

# Playwright's default viewport: what every check saw in a context opened without options.
DESKTOP = (1280, 720)
# Chromium's own default font sizes, which Page.setFontSizes overrides until they are set back.
DEFAULT_FONT_SIZES = {"standard": 16, "fixed": 13}


class Findings:
    """What failed on one page. Every check runs even when one before it failed, and the one assert at the
    end names the page and each failed check with its own message."""

    def __init__(self, page_path: str):
        self.page_path = page_path or "home"
        self.failed: list[str] = []

    @contextmanager
    def check(self, name: str):
        try:
            yield
        except Exception as error:  # an assert, or Playwright giving up on the page: either fails the check
            self.failed.append(f"{name}: {type(error).__name__}: {error}")

    def assert_none_failed(self) -> None:
        summary = f"{self.page_path}: {len(self.failed)} checks failed"
        assert self.failed == [], summary + "\n\n" + "\n\n".join(self.failed)


def show_as(cdp: CDPSession, width: int, height: int, scale: float = 1) -> None:
    """Lay the page out as a context opened with viewport={width, height} and device_scale_factor=scale would:
    the DevTools call Playwright makes in Chromium, with the values it sends. Always through here, never
    page.set_viewport_size, which skips a size it believes it has already set.

    Not for a phone (is_mobile, has_touch): Chromium keeps `(hover: none)` once touch has been emulated, so
    the checks on a phone open a context of their own."""
    metrics = {
        "mobile": False,
        "width": width,
        "height": height,
        "screenWidth": width,
        "screenHeight": height,
    }
    orientation = {"angle": 0, "type": "landscapePrimary"}
    cdp.send(
        "Emulation.setDeviceMetricsOverride",
        {**metrics, "deviceScaleFactor": scale, "screenOrientation": orientation},
    )


def back_to_desktop(page: Page, cdp: CDPSession) -> None:
    """The view every check starts from unless it says otherwise: 1280 x 720, on screen, light mode, at the top."""
    show_as(cdp, *DESKTOP)
    page.emulate_media(media="null", color_scheme="light")
    page.evaluate("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }")
