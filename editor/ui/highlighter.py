"""Markdown syntax highlighting for the editor pane.

Block states carry fenced code across lines; code inside a fence is coloured
by Pygments with the fence's language.

Long documents are coloured lazily. A block's state (in a fence or not) is
cheap and always computed, so any block can be coloured on its own: only the
blocks on screen are, as they come into view, and a state bit records which
are done. Opening a 20 MB post or switching theme never waits for a full pass.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from functools import lru_cache

from pygments.lexer import Lexer
from pygments.lexers import get_lexer_by_name
from pygments.token import Comment, Keyword, Name, Number, Operator, String, Token
from pygments.util import ClassNotFound
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextBlock, QTextCharFormat, QTextDocument

from editor.core.spelling import Speller
from editor.core.spelling_text import line_words

NORMAL, IN_FENCE = 0, 1
IN_MATH = 1 << 19  # inside a $$ … $$ block (fence states stay below it)
COLOURED = 1 << 20  # state bit: this block has its colours
LAZY_CHARS = 200_000  # documents longer than this are coloured lazily
VIEW_MARGIN = 40  # blocks either side of the view coloured with it
SPELLING_COLOUR = "#e5484d"  # the wavy underline of a misspelled word, in both themes
LONG_LINE = 100_000  # characters; longer lines get no inline colours (each keystroke would recolour it all)

_HEADING = re.compile(r"^ {0,3}(#{1,6})(?=\s|$).*")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([\w+#.-]*)")
_QUOTE = re.compile(r"^ {0,3}>.*")
_LIST = re.compile(r"^\s*([-*+]|\d{1,9}[.)])(?=\s)(\s+\[[ xX]\])?")
_MATH_OPEN = re.compile(r"^ {0,3}\$\$(?!.*\$\$)")
_HR = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_FOOTNOTE_DEF = re.compile(r"^\[\^[^\]]+\]:")
_INLINE: list[tuple[str, re.Pattern[str]]] = [
    ("html", re.compile(r"</?[A-Za-z][^>\n]*>|<!--.*?-->")),
    ("strong", re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")),
    (
        "emphasis",
        re.compile(r"(?<![*\w])\*(?![*\s])(.+?)(?<![*\s])\*(?![*\w])|(?<![_\w])_(?![_\s])(.+?)(?<![_\s])_(?![_\w])"),
    ),
    ("strike", re.compile(r"~~(?=\S)(.+?)(?<=\S)~~")),
    ("image", re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")),
    ("link", re.compile(r"(?<!!)\[[^\]\n]+\](\([^)\n]*\)|\[[^\]\n]*\])")),
    ("footnote", re.compile(r"\[\^[^\]\n]+\]")),
    ("url", re.compile(r"<https?://[^>\s]+>|https?://[^\s)>\]]+")),
    ("code", re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")),
]


def _fmt(
    color: str,
    *,
    bold: bool = False,
    italic: bool = False,
    mono: bool = False,
    strike: bool = False,
    underline: bool = False,
) -> QTextCharFormat:
    f = QTextCharFormat()
    if color:
        f.setForeground(QColor(color))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    if italic:
        f.setFontItalic(True)
    if strike:
        f.setFontStrikeOut(True)
    if underline:
        f.setFontUnderline(True)
    if mono:
        f.setFontFixedPitch(True)
    return f


PALETTES = {
    False: {  # light
        "heading": "#0b4f9c",
        "marker": "#8c959f",
        "strong": "",
        "emphasis": "",
        "strike": "#6e7781",
        "code": "#b3261e",
        "fence": "#6e7781",
        "link": "#0969da",
        "image": "#8250df",
        "url": "#0969da",
        "quote": "#57606a",
        "list": "#bc4c00",
        "html": "#116329",
        "footnote": "#8250df",
        "keyword": "#cf222e",
        "string": "#0a3069",
        "comment": "#6e7781",
        "number": "#0550ae",
        "name": "#8250df",
    },
    True: {  # dark
        "heading": "#79c0ff",
        "marker": "#6e7681",
        "strong": "",
        "emphasis": "",
        "strike": "#8b949e",
        "code": "#ffa198",
        "fence": "#8b949e",
        "link": "#58a6ff",
        "image": "#d2a8ff",
        "url": "#58a6ff",
        "quote": "#8b949e",
        "list": "#ffa657",
        "html": "#7ee787",
        "footnote": "#d2a8ff",
        "keyword": "#ff7b72",
        "string": "#a5d6ff",
        "comment": "#8b949e",
        "number": "#79c0ff",
        "name": "#d2a8ff",
    },
}


@lru_cache(maxsize=64)
def _lexer(language: str) -> Lexer | None:
    if not language:
        return None
    try:
        return get_lexer_by_name(language, stripnl=False, ensurenl=False)
    except ClassNotFound:
        return None


class MarkdownHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, dark: bool = False) -> None:
        self._languages: dict[int, str] = {}
        self.view = (0, VIEW_MARGIN * 2)  # first and last block numbers on screen, set by the pane
        self._forced = -1  # the block colour_view asked for, coloured wherever it is
        self._pass: int | None = None  # the block number, during a full pass over a long text
        self.speller: Speller | None = None  # underlines misspelled words when set and ready
        self._speller_ready = False
        self._speller_version = -1
        super().__init__(document)
        self.set_dark(dark, rehighlight=False)
        self.rehighlight()  # now rather than in Qt's delayed pass: in a long text, mostly states

    # ----------------------------------------------------------------- laziness

    def _should_colour(self) -> bool:
        """Colour this block now, or only when it comes into view (long documents)."""
        number = self._pass
        if number is not None:  # a full pass over a long text: the blocks come in order
            self._pass = number + 1
        else:
            block = self.currentBlock()
            document = block.document()
            if document is None or document.characterCount() <= LAZY_CHARS:
                return True
            number = block.blockNumber()
        return number == self._forced or self.view[0] - VIEW_MARGIN <= number <= self.view[1] + VIEW_MARGIN

    def colour_view(self, first: int, last: int) -> None:
        """The pane shows blocks ``first``..``last``: colour those that have no colours yet."""
        self.view = (first, last)
        block = self.document().findBlockByNumber(first)
        while block.isValid() and block.blockNumber() <= last:
            if block.userState() == -1 or not block.userState() & COLOURED:
                self._colour(block)
            block = block.next()

    def _colour(self, block: QTextBlock) -> None:
        document = self.document()
        quiet = document.blockSignals(True)  # colours are no edit: nobody else needs to hear of them
        self._forced, full_pass, self._pass = block.blockNumber(), self._pass, None
        try:
            self.rehighlightBlock(block)
        finally:
            self._forced, self._pass = -1, full_pass
            document.blockSignals(quiet)

    # ----------------------------------------------------------------- colours

    def set_dark(self, dark: bool, rehighlight: bool = True) -> None:
        if getattr(self, "dark", None) is dark:
            return
        self.dark = dark
        c = PALETTES[dark]
        self.formats = {
            "heading": _fmt(c["heading"], bold=True),
            "marker": _fmt(c["marker"]),
            "strong": _fmt(c["strong"], bold=True),
            "emphasis": _fmt(c["emphasis"], italic=True),
            "strike": _fmt(c["strike"], strike=True),
            "code": _fmt(c["code"], mono=True),
            "fence": _fmt(c["fence"], mono=True),
            "link": _fmt(c["link"]),
            "image": _fmt(c["image"]),
            "url": _fmt(c["url"], underline=True),
            "quote": _fmt(c["quote"], italic=True),
            "list": _fmt(c["list"], bold=True),
            "html": _fmt(c["html"]),
            "footnote": _fmt(c["footnote"]),
        }
        self.token_formats = [
            (Comment, _fmt(c["comment"], italic=True)),
            (String, _fmt(c["string"])),
            (Keyword, _fmt(c["keyword"], bold=True)),
            (Number, _fmt(c["number"])),
            (Name.Function, _fmt(c["name"])),
            (Name.Class, _fmt(c["name"], bold=True)),
            (Name.Builtin, _fmt(c["name"])),
            (Operator.Word, _fmt(c["keyword"])),
        ]
        if rehighlight:
            self.rehighlight()

    def rehighlight(self) -> None:
        """Recolour (or, off screen in a long document, re-state) every block, quietly."""
        document = self.document()
        quiet = document.blockSignals(True)
        self._pass = 0 if document.characterCount() > LAZY_CHARS else None
        try:
            super().rehighlight()
        finally:
            self._pass = None
            document.blockSignals(quiet)

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        previous = self.previousBlockState()
        previous = NORMAL if previous == -1 else previous & ~COLOURED
        fence = _FENCE.match(text)
        closing = False
        if previous == IN_MATH or (previous == NORMAL and _MATH_OPEN.match(text)):
            self._highlight_math(text, previous)
            return
        if previous >= IN_FENCE:
            closing = bool(fence and not fence.group(2) and len(text.strip()) >= 3)
            state = NORMAL if closing else previous
        elif fence:
            state = IN_FENCE + (hash(fence.group(2).lower()) & 0xFFFF) + 1 if fence.group(2) else IN_FENCE
            self._languages[state] = fence.group(2).lower()
        else:
            state = NORMAL
        if not self._should_colour():
            self.setCurrentBlockState(state)
            return
        self.setCurrentBlockState(state | COLOURED)
        if previous >= IN_FENCE and not closing:
            self._highlight_code(text, self._languages.get(previous, ""))
        elif fence:
            self.setFormat(0, _utf16(text), self.formats["fence"])
        else:
            self._highlight_markdown(text)
            if self._speller_ready and not _indented_code(self.currentBlock()):
                self._underline_misspelled(text)

    def _highlight_math(self, text: str, previous: int) -> None:
        """A line of a display-math block: TeX, coloured as code and never spell-checked."""
        state = NORMAL if previous == IN_MATH and "$$" in text else IN_MATH
        if not self._should_colour():
            self.setCurrentBlockState(state)
            return
        self.setCurrentBlockState(state | COLOURED)
        self.setFormat(0, _utf16(text), self.formats["fence"])

    # ----------------------------------------------------------------- spelling

    def set_speller(self, speller: Speller | None) -> None:
        """Underline what ``speller`` finds misspelled (None: nothing). Recolours when the
        speller, its readiness or its verdicts changed since the last colours."""
        ready = speller is not None and speller.ready()
        version = speller.version if speller is not None else -1
        if speller is self.speller and ready == self._speller_ready and version == self._speller_version:
            return
        self.speller, self._speller_ready, self._speller_version = speller, ready, version
        self.rehighlight()

    def _underline_misspelled(self, text: str) -> None:
        assert self.speller is not None
        for start, length in misspelled_spans(text, self.speller):
            fmt = QTextCharFormat(self.format(start))
            fmt.merge(spelling_format())
            self.setFormat(start, length, fmt)

    def is_prose(self, block: QTextBlock) -> bool:
        """Whether ``block`` is checked for spelling (not code)."""
        state = block.userState()
        if state != -1 and state & ~COLOURED >= IN_FENCE:
            return False  # code, or display math
        previous = block.previous()
        before = previous.userState() if previous.isValid() else -1
        if before != -1 and before & ~COLOURED >= IN_FENCE:
            return False  # the closing fence (or $$) line
        return not _indented_code(block)

    def _highlight_markdown(self, text: str) -> None:
        if _HEADING.match(text) or (_SETEXT.match(text) and self.currentBlock().previous().text().strip()):
            self.setFormat(0, _utf16(text), self.formats["heading"])
            return
        if _HR.match(text):
            self.setFormat(0, _utf16(text), self.formats["marker"])
            return
        if _QUOTE.match(text):
            self.setFormat(0, _utf16(text), self.formats["quote"])
        list_match = _LIST.match(text)
        if list_match:
            self.setFormat(0, list_match.end(), self.formats["list"])
        footnote = _FOOTNOTE_DEF.match(text)
        if footnote:
            self.setFormat(0, footnote.end(), self.formats["footnote"])
        self._highlight_inline(text)

    def _highlight_inline(self, text: str) -> None:
        if len(text) > LONG_LINE:
            return
        at = _utf16_positions(text)
        code_starts: list[int] = []  # code spans, in order and apart (finditer's)
        code_ends: list[int] = []
        for name, pattern in reversed(_INLINE):  # code first, so nothing restyles inside it
            for m in pattern.finditer(text):
                if name == "code":
                    code_starts.append(m.start())
                    code_ends.append(m.end())
                else:
                    inside = bisect.bisect_right(code_starts, m.start()) - 1
                    if inside >= 0 and m.start() < code_ends[inside]:
                        continue
                start = at(m.start())
                fmt = QTextCharFormat(self.format(start))
                fmt.merge(self.formats[name])
                self.setFormat(start, at(m.end()) - start, fmt)

    def _highlight_code(self, text: str, language: str) -> None:
        self.setFormat(0, _utf16(text), self.formats["fence"])
        lexer = _lexer(language)
        if lexer is None or len(text) > 2000:
            return
        pos = 0
        for token, value in lexer.get_tokens(text):
            length = _utf16(value)
            for kind, fmt in self.token_formats:
                if token in kind:
                    merged = QTextCharFormat(self.formats["fence"])
                    merged.merge(fmt)
                    self.setFormat(pos, length, merged)
                    break
            pos += length
            if token is Token.Text and value == "\n":
                break


def _utf16(text: str) -> int:
    """Length in Qt's positions, which count UTF-16 code units: characters beyond the BMP count twice."""
    return len(text) if text.isascii() else len(text.encode("utf-16-le")) // 2


def _utf16_positions(text: str) -> Callable[[int], int]:
    """Maps an index into ``text`` to Qt's position, in O(log n) per call (a line may be megabytes)."""
    if text.isascii() or max(text) <= "\uffff":
        return lambda index: index
    astral = [i for i, ch in enumerate(text) if ch > "\uffff"]
    return lambda index: index + bisect.bisect_left(astral, index)


def _indented_code(block: QTextBlock) -> bool:
    """An indented line after a blank or another indented line: code, not prose."""
    if not block.text().startswith(("    ", "\t")):
        return False
    previous = block.previous()
    return not previous.isValid() or not previous.text().strip() or previous.text().startswith(("    ", "\t"))


def misspelled_spans(text: str, speller: Speller) -> list[tuple[int, int]]:
    """Qt positions and lengths of the misspelled words of a line of prose."""
    at = _utf16_positions(text)
    return [
        (at(column), at(column + len(word)) - at(column))
        for column, word in line_words(text)
        if not speller.correct(word)
    ]


def spelling_format() -> QTextCharFormat:
    """The platform's spell-check underline, in red."""
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    fmt.setUnderlineColor(QColor(SPELLING_COLOUR))
    return fmt
