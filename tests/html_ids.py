"""Checks of a page's ids that screen readers depend on: every id is unique, and every id that
aria-describedby, aria-labelledby or a label's `for` names exists."""

from collections import Counter
from html.parser import HTMLParser

REFERRING = ("aria-describedby", "aria-labelledby")


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.references: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id":
                self.ids.append(value)
            elif name in REFERRING:
                self.references += [(tag, name, target) for target in value.split()]
            elif name == "for" and tag == "label":
                self.references.append((tag, name, value))


def id_problems(html: str) -> list[str]:
    """What is wrong with the page's ids, in words (empty when nothing is)."""
    parser = _Ids()
    parser.feed(html)
    known = set(parser.ids)
    duplicates = [f"id {i!r} used {n} times" for i, n in Counter(parser.ids).items() if n > 1]
    dangling = [
        f"<{tag} {name}> points at missing id {target!r}"
        for tag, name, target in parser.references
        if target not in known
    ]
    return duplicates + dangling
