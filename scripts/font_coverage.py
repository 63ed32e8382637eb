"""Write src/onewindow/fontcoverage.json: which characters the PDF fonts installed here draw.

`check` (OW230) and the PDF renderer read that table instead of the fonts when the installed
fonts are the ones it was made from (onewindow.fontcoverage). Run it after the set-up's fonts
change (a new Debian release of fonts-wqy-microhei or fonts-hanazono); tests/test_fontcoverage.py
fails until the table matches the fonts again. Usage:

    .venv/bin/python scripts/font_coverage.py [--check]

--check writes nothing and exits 1 if the shipped table differs from the installed fonts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from onewindow import fontcoverage

TABLE = Path(__file__).resolve().parent.parent / "src" / "onewindow" / fontcoverage.TABLE_FILE


def main(argv: list[str]) -> int:
    os.environ.pop(fontcoverage.ENV_VAR, None)  # the table is of the fonts the set-up installs
    table = fontcoverage.table_of_installed_fonts()
    if not table["fonts"]:
        print("no candidate font is installed: run scripts/setup.sh first", file=sys.stderr)
        return 1
    text = fontcoverage.table_text(table)
    for font in table["fonts"]:
        print(f"{font['file']}#{font['face']}: {font['glyphs']} code points, identity {font['identity']}")
    if "--check" in argv:
        same = TABLE.is_file() and TABLE.read_text(encoding="utf-8") == text
        print(f"{TABLE}: {'up to date' if same else 'OUT OF DATE, run scripts/font_coverage.py'}")
        return 0 if same else 1
    TABLE.write_text(text, encoding="utf-8")
    print(f"wrote {TABLE} ({len(text.encode())} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
