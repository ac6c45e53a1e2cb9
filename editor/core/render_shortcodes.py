"""Shortcodes, template tags and components, readable in the preview: Hugo's
``{{< name args >}}`` and ``{{% … %}}``, Jekyll's Liquid and Eleventy's Nunjucks
``{% name args %}``, Zola's ``{{ name(args) }}`` and ``{% name(args) %}…{% end %}``, and
MDX/JSX components ``<Name prop="x">…</Name>`` become labelled stubs.

Hugo's built-ins get their own: ``figure`` an image with its caption, ``youtube`` and
``vimeo`` a card with the video's id (nothing is fetched), ``gist`` a link card,
``highlight`` (and Liquid's ``highlight``) a code block. Any other becomes a box naming it
and its arguments, with what it wraps rendered as Markdown. Links to other posts (``ref``,
``relref``, ``post_url``, ``link``) are left to ``core/post_links``; code and Hugo's
escaped form ``{{</* … */>}}`` stay as written.
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

LINKS = {"ref", "relref", "post_url", "link"}  # resolved to the other post by core.post_links
HTML_TAGS = (
    "a|abbr|b|big|blockquote|body|br|button|caption|center|code|col|dd|del|details|div|dl|dt|em|embed|font|"
    "footer|form|h[1-6]|head|header|hr|html|i|iframe|img|input|ins|kbd|label|li|link|main|mark|meta|nav|ol|"
    "option|p|pre|q|s|script|section|select|small|source|span|strike|strong|style|sub|summary|sup|table|"
    "tbody|td|textarea|tfoot|th|thead|title|tr|tt|u|ul|var|video|wbr"
)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[`~]*[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_HUGO_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)
# The argument parts can hold neither the start of another tag nor a line break's worth of
# trouble: an unclosed tag fails at the next one, so a search stays linear in the text.
_HUGO = re.compile(r"\{\{(?P<d>[<%])\s*(?P<close>/)?\s*(?P<name>[\w./-]+)(?P<args>(?:[^>%{]|[>%](?!\}\}))*)[>%]\}\}")
_ZOLA = re.compile(
    r"\{\{\s*(?P<name>\w+)\((?P<args>[^(){}]*)\)\s*\}\}|\{%\s*(?P<bname>\w+)\((?P<bargs>[^(){}]*)\)\s*%\}"
)
_ZOLA_END = re.compile(r"\{%\s*end\s*%\}")
_LIQUID = re.compile(r"\{%-?\s*(?P<name>\w+)(?P<args>(?:[^%{]|%(?!\}))*?)-?%\}")
_JSX = re.compile(
    rf"<(?P<close>/)?(?!(?i:{HTML_TAGS})[\s/>])(?P<name>[A-Z][\w.]*)(?=[\s/>])"
    r"(?P<props>(?:[^<>{}\"'/]|/(?!>)|\"[^\"<]*\"|'[^'<]*'|\{[^{}<]*(?:\{[^{}<]*\}[^{}<]*)*\})*)(?P<self>/)?>"
)
_MDX_MODULE = re.compile(
    r"^(?:import\s+[\w{},*\s]+\s+from\s+['\"][^'\"]+['\"];?\s*"
    r"|export\s+(?:const|let|var|function|class|default\s+(?:function|class|async)\b|\{).*)$"
)
_ANY = re.compile(r"\{\{|\{%|</?[A-Z]|^(?:import|export)\s", re.MULTILINE)  # anything this could change
_CODE_PAIRS = re.compile(
    r"\{\{[<%]\s*highlight\b(?P<hargs>(?:[^>%{]|[>%](?!\}\}))*)[>%]\}\}(?P<hcode>.*?)\{\{[<%]\s*/\s*highlight\s*[>%]\}\}"
    r"|\{%-?\s*highlight\b(?P<largs>[^%{]*)-?%\}(?P<lcode>.*?)\{%-?\s*endhighlight\s*-?%\}"
    r"|\{%-?\s*raw\s*-?%\}(?P<raw>.*?)\{%-?\s*endraw\s*-?%\}",
    re.DOTALL,
)
_MASK = re.compile("\x01(\\d+)\x01")
_ARG = re.compile(r"(?:(?P<key>[\w-]+)\s*=\s*)?(?P<value>\"(?:[^\"\\]|\\.)*\"|'[^']*'|`[^`]*`|[^\s\"'`]+)")


def parse_args(text: str) -> tuple[list[str], dict[str, str]]:
    """A shortcode's positional and named arguments, quotes taken off."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for match in _ARG.finditer(text):
        value = match["value"]
        if value[:1] in "\"'`" and value[-1:] == value[:1] and len(value) > 1:
            value = value[1:-1]
        if match["key"]:
            named[match["key"]] = value
        else:
            positional.append(value)
    return positional, named


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _head(kind: str, name: str, args: str) -> str:
    shown = f' <span class="pe-sc-args">{_e(args.strip())}</span>' if args.strip() else ""
    return f'<span class="pe-sc-kind">{_e(kind)}</span> <span class="pe-sc-name">{_e(name)}</span>{shown}'


def stub(kind: str, name: str, args: str, block: bool) -> str:
    """The labelled stub of a shortcode or component with no body."""
    positional, named = parse_args(args)
    if kind == "Hugo" and name == "figure":
        src = named.get("src", positional[0] if positional else "")
        caption = named.get("caption", named.get("title", ""))
        alt = named.get("alt", caption)
        figcaption = f"<figcaption>{_e(caption)}</figcaption>" if caption else ""
        return f'<figure class="pe-shortcode pe-figure"><img src="{_e(src)}" alt="{_e(alt)}">{figcaption}</figure>'
    if kind == "Hugo" and name in ("youtube", "vimeo"):
        video = named.get("id", positional[0] if positional else "")
        site = "YouTube" if name == "youtube" else "Vimeo"
        tag = "div" if block else "span"
        return (
            f'<{tag} class="pe-shortcode pe-video" data-kind="{name}" title="Not loaded in the preview">'
            f'<span class="pe-sc-play">▶</span> <span class="pe-sc-name">{site} video</span> <code>{_e(video)}</code>'
            f"</{tag}>"
        )
    if kind == "Hugo" and name == "gist" and positional:
        user, gist = positional[0], positional[1] if len(positional) > 1 else ""
        file = f" · {positional[2]}" if len(positional) > 2 else ""
        url = f"https://gist.github.com/{user}/{gist}"
        return f'<a class="pe-shortcode pe-gist" href="{_e(url)}">Gist {_e(user)}/{_e(gist)}{_e(file)}</a>'
    tag = "div" if block else "span"
    return f'<{tag} class="pe-shortcode" data-kind="{_e(kind.lower())}">{_head(kind, name, args)}</{tag}>'


def _opening(kind: str, name: str, args: str) -> str:
    head = f'<div class="pe-sc-head">{_head(kind, name, args)}</div>'
    return f'<div class="pe-shortcode pe-sc-box" data-kind="{_e(kind.lower())}">{head}'


def _code(language: str, code: str) -> str:
    """A fenced code block of ``code``, with a fence longer than any run inside it."""
    longest = max((len(run) for run in re.findall(r"`{3,}", code)), default=2)
    fence = "`" * (longest + 1)
    return f"\n{fence}{language}\n{code.strip(chr(10))}\n{fence}\n"


class ShortcodePreprocessor(Preprocessor):  # type: ignore[misc]  # Markdown has no type hints
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        if not _ANY.search(text):
            return lines
        out, last = [], 0
        for fence in _FENCE.finditer(text):  # code stays as written
            out.append(self._outside_code(text[last : fence.start()]))
            out.append(fence.group(0))
            last = fence.end()
        out.append(self._outside_code(text[last:]))
        return "".join(out).split("\n")

    def _outside_code(self, text: str) -> str:
        self._kept: list[str] = []  # text no later pass may touch: code spans, code blocks, raw
        text = _CODE_SPAN.sub(lambda m: self._keep(m.group(0)), text)
        text = _CODE_PAIRS.sub(self._code_pair, text)
        text = _HUGO_ESCAPED.sub(lambda m: self._literal(self._unmask("{{" + m[1] + m[2] + m[3] + "}}")), text)
        text = self._paired(text, _HUGO, "Hugo", lambda m: rf"\{{\{{[<%]\s*/\s*{re.escape(m['name'])}\s*[>%]\}}\}}")
        text = self._paired(text, _ZOLA, "Zola", lambda _m: _ZOLA_END.pattern)
        text = self._paired(text, _LIQUID, "Liquid", lambda m: rf"\{{%-?\s*end{re.escape(m['name'])}\s*-?%\}}")
        text = self._paired(text, _JSX, "Component", lambda m: rf"</{re.escape(m['name'])}\s*>")
        text = "\n".join("" if _MDX_MODULE.match(line) else line for line in text.split("\n"))
        return self._unmask(text)

    def _keep(self, text: str) -> str:
        self._kept.append(text)
        return f"\x01{len(self._kept) - 1}\x01"

    def _unmask(self, text: str) -> str:
        while _MASK.search(text):
            text = _MASK.sub(lambda m: self._kept[int(m[1])], text)
        return text

    def _code_pair(self, match: re.Match[str]) -> str:
        """Hugo's and Liquid's highlight as a fenced code block, Liquid's raw as written:
        kept from every later pass."""
        if match["raw"] is not None:
            raw = self._unmask(match["raw"])
            return self._keep(self._literal(raw) if "\n" not in raw else _code("", raw))
        args = match["hargs"] if match["hargs"] is not None else match["largs"]
        code = self._unmask(match["hcode"] if match["hcode"] is not None else match["lcode"])
        language = re.sub(r"[^\w+#.-]", "", (parse_args(self._unmask(args))[0] or [""])[0])
        return self._keep(_code(language, code))

    def _literal(self, text: str) -> str:
        placeholder: str = self.md.htmlStash.store(f"<code>{_e(text)}</code>")
        return placeholder

    def _store(self, markup: str) -> str:
        placeholder: str = self.md.htmlStash.store(markup)
        return placeholder

    def _paired(self, text: str, pattern: re.Pattern[str], kind: str, closing: Callable[[re.Match[str]], str]) -> str:
        """Each tag of ``pattern`` in ``text``: with its closing tag, a box around what it
        wraps (rendered as Markdown, its own tags too); alone, a stub; a closing tag alone,
        the end of a box an earlier block opened."""
        out, at = [], 0
        closers: dict[str, list[re.Match[str]]] = {}  # each name's closing tags, found once
        while True:
            match = pattern.search(text, at)
            if match is None:
                out.append(text[at:])
                return "".join(out)
            out.append(text[at : match.start()])
            at = match.end()
            groups = match.groupdict()
            name = groups.get("name") or groups.get("bname") or ""
            args = self._unmask(
                (groups.get("props") if kind == "Component" else groups.get("args") or groups.get("bargs")) or ""
            )
            if name in LINKS or text[max(0, match.start() - 2) : match.start()] == "](":
                out.append(match.group(0))  # a link, or a link's target: core.post_links, or as written
                continue
            if kind == "Liquid" and name == "comment":
                end = re.compile(r"\{%-?\s*endcomment\s*-?%\}").search(text, at)
                at = end.end() if end else at  # a template comment shows nothing
                continue
            if groups.get("close") or (kind == "Liquid" and name.startswith("end")) or name == "end":
                out.append(self._store("</div>" if _alone(text, match.start(), match.end()) else "</span>"))
                continue
            template = getattr(self.md, "post_editor_shortcodes", {}).get(name) if kind == "Hugo" else None
            end = None
            if not groups.get("self") and not (kind == "Zola" and groups.get("name")):
                if name not in closers:
                    closers[name] = list(re.compile(closing(match)).finditer(text))
                end = _balanced_end(text, at, pattern, name, closers[name])
            block = _alone(text, match.start(), end.end() if end is not None else match.end())
            if end is None:
                out.append(self._store(fill(template, args, "") if template else stub(kind, name, args, block)))
                continue
            inner = self._paired(text[at : end.start()], pattern, kind, closing)  # tags inside, too
            at = end.end()
            if template:
                out.append(self._templated(template, args, inner))
            elif kind == "Hugo" and name == "figure":
                out.append(self._store(stub(kind, name, args, True)))
            elif block:
                out.append(self._box(kind, name, args, inner))
            else:  # inline: the paragraph stays one
                head = f'<span class="pe-shortcode" data-kind="{_e(kind.lower())}">{_head(kind, name, args)} '
                out.append(self._store(head) + inner + self._store("</span>"))

    def _templated(self, template: str, args: str, inner: str) -> str:
        """The site's own template around ``inner``, rendered as Markdown where it says ``.Inner``."""
        mark = next((m for m in _PLACEHOLDER.finditer(template) if m["inner"]), None)
        if mark is None:
            return self._store(fill(template, args, self._unmask(inner)))
        opening = self._store(fill(template[: mark.start()], args, ""))
        closing = self._store(fill(template[mark.end() :], args, ""))
        return f"\n\n{opening}\n\n{inner.strip(chr(10))}\n\n{closing}\n\n"

    def _box(self, kind: str, name: str, args: str, inner: str) -> str:
        return f"\n\n{self._store(_opening(kind, name, args))}\n\n{inner.strip(chr(10))}\n\n{self._store('</div>')}\n\n"


def _balanced_end(
    text: str, at: int, pattern: re.Pattern[str], name: str, closers: list[re.Match[str]]
) -> re.Match[str] | None:
    """Of ``closers`` (the closing tags of ``name`` in ``text``), the one that matches the tag
    just before ``at``, over tags of the same name nested inside it."""
    depth = 1
    index = bisect.bisect_left([c.start() for c in closers], at)
    for end in closers[index:]:
        if end.start() < at:
            continue
        opened = [
            m
            for m in pattern.finditer(text, at, end.start())
            if (m.groupdict().get("name") or m.groupdict().get("bname")) == name
            and not m.groupdict().get("close")
            and not m.groupdict().get("self")
        ]
        depth += len(opened) - 1
        if depth <= 0:
            return end
        at = end.end()
    return None


_PLACEHOLDER = re.compile(r"\{\{-?\s*\.(?:Get\s+(?:\"(?P<key>[^\"]+)\"|(?P<index>\d+))|(?P<inner>Inner))\s*-?\}\}")


def fill(template: str, args: str, inner: str) -> str:
    """A site's shortcode template with ``{{ .Get "name" }}``, ``{{ .Get 0 }}`` and
    ``{{ .Inner }}`` filled in, every value escaped (an argument cannot add markup)."""
    positional, named = parse_args(args)

    def value(match: re.Match[str]) -> str:
        if match["inner"]:
            return _e(inner)
        if match["key"] is not None:
            return _e(named.get(match["key"], ""))
        index = int(match["index"])
        return _e(positional[index]) if index < len(positional) else ""

    return _PLACEHOLDER.sub(value, template)


def _alone(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is alone on its line(s)."""
    before = text.rfind("\n", 0, start)
    after = text.find("\n", end)
    return not text[before + 1 : start].strip() and not text[end : after if after >= 0 else len(text)].strip()


class ShortcodeExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Markdown's API
        md.preprocessors.register(ShortcodePreprocessor(md), "post_editor_shortcodes", 27)  # before diagrams and code


def makeExtension(**kwargs: object) -> ShortcodeExtension:  # noqa: N802 - Markdown's API
    return ShortcodeExtension(**kwargs)
