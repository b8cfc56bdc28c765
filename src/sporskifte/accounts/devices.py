"""A user agent shortened to what a person recognises on the sessions page: the browser and
the operating system, nothing that fingerprints the device further."""

from dataclasses import dataclass

# Order matters: Edge and Opera also say "Chrome", Chrome also says "Safari", and iOS's
# browsers say "Safari" with their own name first.
BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Windows", "Windows"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)


@dataclass(frozen=True)
class Device:
    browser: str  # "" when not recognised
    operating_system: str


def device_of(user_agent: str) -> Device:
    browser = next((name for marker, name in BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in SYSTEMS if marker in user_agent), "")
    return Device(browser=browser, operating_system=system)
