"""Rewrite the README's table of issue codes from the catalogue.

Run: python tools/update_readme_codes.py
"""

from __future__ import annotations

import re
from pathlib import Path

from tdcli.model.issues import issue_code_table

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> None:
    text = README.read_text(encoding="utf-8")
    updated = re.sub(
        r"(<!-- issue-codes -->\n).*?(<!-- /issue-codes -->)",
        lambda match: match.group(1) + issue_code_table() + match.group(2),
        text,
        flags=re.S,
    )
    README.write_text(updated, encoding="utf-8", newline="\n")


if __name__ == "__main__":
    main()
