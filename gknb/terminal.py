"""Text from documents made safe to print: no rich markup, no terminal control sequences.

Error messages, file names, titles and cell texts come from documents anyone can publish.
Printed through rich they are markup (an error holding ``[/]`` raises MarkupError and stops
the command), and printed raw an ESC sequence in a file name rewrites the user's terminal
(or a right-to-left override hides what a name says).  Everything a command prints that a
document supplied goes through ``safe`` (for markup) or ``plain`` (for plain text).
"""

from __future__ import annotations

import re

from rich.markup import escape

# C0 controls except tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the
# bidirectional overrides and isolates that reorder what a line shows.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def plain(text: object) -> str:
    """``text`` without control characters, each replaced by U+FFFD so the removal shows."""
    return _CONTROL.sub("\ufffd", str(text))


def safe(text: object) -> str:
    """``text`` for rich markup: control characters replaced, brackets escaped."""
    return escape(plain(text))
