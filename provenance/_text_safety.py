"""Text from a document made safe to show: on a terminal, or on one line of printed output.

A name, title or key is user data. Written raw to a terminal, ESC and BEL sequences retitle or
clear it and colour what follows, a carriage return or U+2028 forges a line, and bidi controls
(U+202E and friends) reorder the text around them. Two treatments, one table of what is unsafe:

- :func:`visible` (terminals: error paths, ``show``, ``extract --explain``): each unsafe
  character becomes a visible escape (``\\x1b``, ``\\u202e``), so the reader sees it is there;
- :func:`one_line` (printed text: credit lines, diagram labels): line breaks and other
  whitespace become one space, other controls a replacement, format characters are dropped.

Unsafe means: control characters (C0, DEL, C1), format characters (bidi controls, zero-width
space, word joiner, BOM, tag characters, …), lone surrogates, and the line and paragraph
separators. ZWNJ and ZWJ (U+200C, U+200D) are kept: they are letters of Persian and Indic
spelling and of emoji sequences, and they can neither move nor restyle text.
"""

from __future__ import annotations

import unicodedata

__all__ = ["one_line", "unsafe", "visible"]

_KEPT = frozenset("\u200c\u200d")
_UNSAFE_CATEGORIES = frozenset(("Cc", "Cf", "Cs", "Zl", "Zp"))


def unsafe(char: str) -> bool:
    """Whether one character must not reach a terminal or a printed line as it is.

    >>> unsafe("\\x1b"), unsafe("\\u202e"), unsafe("\\u200c"), unsafe("ش")
    (True, True, False, False)
    """
    return char not in _KEPT and unicodedata.category(char) in _UNSAFE_CATEGORIES


def _escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def visible(text: str) -> str:
    """``text`` with every unsafe character written as a visible escape.

    >>> visible("a\\x1b]0;owned\\x07b"), visible("\\u202eevil"), visible("فارسی")
    ('a\\\\x1b]0;owned\\\\x07b', '\\\\u202eevil', 'فارسی')
    """
    if text.isprintable():  # nearly always: nothing to do, at C speed
        return text
    return "".join(_escape(c) if unsafe(c) else c for c in text)


def _one(char: str, control: str) -> str:
    if char.isspace():
        return " "
    if not unsafe(char):
        return char
    return "" if unicodedata.category(char) == "Cf" else control


def one_line(text: str, *, control: str = "\ufffd") -> str:
    """``text`` for one line of printed output: runs of whitespace (line breaks, U+2028 too)
    as one space, other control characters and lone surrogates as ``control``, format
    characters (bidi controls, zero-width space) dropped.

    >>> one_line("  a\\n\\tb\\u2028c\\x1b[31m \\u202eevil\\u200b ")
    'a b c\\ufffd[31m evil'
    """
    if not text.isprintable():
        text = "".join([_one(c, control) for c in text])
    return " ".join(text.split())
