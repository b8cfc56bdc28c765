"""The ASVS 5.0 chapters 6 and 7 list in docs/security.md stays whole and honest: every
level-1 and level-2 requirement once, a known status each, and every test it names exists."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTION = "## OWASP ASVS 5.0, chapters 6 and 7, level 2"
# ASVS 5.0.0's level-1 and level-2 requirements of V6 and V7 (V6.7 is all level 3).
REQUIREMENTS = {
    "6.1": 3, "6.2": 12, "6.3": 4, "6.4": 4, "6.5": 5, "6.6": 3, "6.8": 4,
    "7.1": 3, "7.2": 4, "7.3": 2, "7.4": 5, "7.5": 2, "7.6": 2,
}  # fmt: skip
STATUS = re.compile(
    r"^(met|not met|not applicable|pending: (SAML|MFA|sessions)(, (SAML|MFA|sessions))*)$"
)


def rows() -> list[list[str]]:
    text = (ROOT / "docs" / "security.md").read_text()
    table = text[text.index(SECTION) :].split("\n## ")[0]
    return [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in table.splitlines()
        if re.match(r"^\| \d+\.\d+\.\d+ \|", line)
    ]


def test_every_level_1_and_2_requirement_is_listed_once() -> None:
    expected = [
        f"{section}.{number}"
        for section, count in REQUIREMENTS.items()
        for number in range(1, count + 1)
    ]
    assert [row[0] for row in rows()] == expected


def test_every_row_has_a_known_status() -> None:
    for row in rows():
        assert len(row) == 5, row[0]
        assert STATUS.match(row[2]), row[0]
        if row[2] == "met":
            assert row[3], f"{row[0]} is met but says not how"


def test_every_test_the_list_names_exists() -> None:
    for row in rows():
        for path, name in re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", row[4]):
            source = (ROOT / path).read_text()
            assert not name or f"def {name}(" in source, f"{row[0]}: {path}::{name}"
