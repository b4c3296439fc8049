"""What the site says of itself in what leaves it (its name, public address, licence and area), from the
settings, and the settings Pelican's own addresses must agree with."""

from dataclasses import dataclass

from . import urls
from .errors import Problem
from .settings import setting


@dataclass(frozen=True)
class Site:
    """What the site says of itself in what leaves it: its name, address and the licence of its own work."""

    name: str
    address: str  # TRANSPARENCY_PUBLIC_URL, or the preview placeholder
    preview: bool
    licence: tuple[str, str]  # name, address of its text
    area: str | None = None  # TRANSPARENCY_AREA: the place the figures cover where the rows do not say

    def url(self, path: str) -> str:
        return urls.absolute(self.address, path)


def site_of(settings) -> Site:
    """The site as what leaves it names it, from TRANSPARENCY_PUBLIC_URL (a placeholder in a preview)."""
    public = setting(settings, "TRANSPARENCY_PUBLIC_URL")
    licence = setting(settings, "TRANSPARENCY_SITE_LICENCE")
    return Site(
        name=settings["SITENAME"],
        address=urls.site_address(public),
        preview=not public,
        licence=(licence["name"], licence["url"]),
        area=setting(settings, "TRANSPARENCY_AREA"),
    )


def address_problems(settings) -> list[Problem]:
    """Pelican writes the feeds from SITEURL and FEED_DOMAIN: with a public address, they must be it."""
    public = setting(settings, "TRANSPARENCY_PUBLIC_URL")
    return [
        Problem(
            name,
            f'is "{settings.get(name)}", not the public address "{public}"',
            hint=f"set {name} = TRANSPARENCY_PUBLIC_URL, as publishconf.py does",
        )
        for name in ("SITEURL", "FEED_DOMAIN")
        if public and settings.get(name) != public
    ]
