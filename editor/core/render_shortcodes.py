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

import html
import re
from collections.abc import Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

LINKS = {"ref", "relref", "post_url", "link"}  # resolved to the other post by core.post_links
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,}).*?^ {0,3}\1[`~]*[ \t]*$", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)
_HUGO_ESCAPED = re.compile(r"\{\{([<%])/\*(.*?)\*/([>%])\}\}", re.DOTALL)
_HUGO = re.compile(r"\{\{(?P<d>[<%])\s*(?P<close>/)?\s*(?P<name>[\w./-]+)(?P<args>(?:[^>%]|[>%](?!\}\}))*?)\s*[>%]\}\}")
_ZOLA = re.compile(r"\{\{\s*(?P<name>\w+)\((?P<args>[^)]*)\)\s*\}\}|\{%\s*(?P<bname>\w+)\((?P<bargs>[^)]*)\)\s*%\}")
_ZOLA_END = re.compile(r"\{%\s*end\s*%\}")
_LIQUID = re.compile(r"\{%-?\s*(?P<name>\w+)(?P<args>(?:[^%]|%(?!\}))*?)\s*-?%\}")
_JSX = re.compile(
    r"<(?P<close>/)?(?P<name>[A-Z][\w.]*)"
    r"(?P<props>(?:\s+(?:[^>{}\"']|\"[^\"]*\"|'[^']*'|\{(?:[^{}]|\{[^{}]*\})*\})*?)?)\s*(?P<self>/)?>"
)
_MDX_MODULE = re.compile(r"^(?:import\s.+?\sfrom\s+['\"][^'\"]+['\"];?|export\s+(?:const|default|function)\b.*)$")
_ANY = re.compile(r"\{\{|\{%|</?[A-Z]|^(?:import|export)\s", re.MULTILINE)  # anything this could change
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
        spans: list[str] = []

        def keep(match: re.Match[str]) -> str:
            spans.append(match.group(0))
            return f"\x01{len(spans) - 1}\x01"

        text = _CODE_SPAN.sub(keep, text)
        text = _HUGO_ESCAPED.sub(lambda m: self._literal("{{" + m[1] + m[2] + m[3] + "}}"), text)
        text = self._paired(text, _HUGO, "Hugo", lambda m: f"{{{{{m['d']}\\s*/\\s*{re.escape(m['name'])}\\s*[>%]}}}}")
        text = self._paired(text, _ZOLA, "Zola", lambda _m: _ZOLA_END.pattern)
        text = self._paired(text, _LIQUID, "Liquid", lambda m: rf"\{{%-?\s*end{re.escape(m['name'])}\s*-?%\}}")
        text = self._paired(text, _JSX, "Component", lambda m: rf"</{re.escape(m['name'])}\s*>")
        text = "\n".join("" if _MDX_MODULE.match(line) else line for line in text.split("\n"))
        return re.sub("\x01(\\d+)\x01", lambda m: spans[int(m[1])], text)

    def _literal(self, text: str) -> str:
        placeholder: str = self.md.htmlStash.store(f"<code>{_e(text)}</code>")
        return placeholder

    def _store(self, markup: str) -> str:
        placeholder: str = self.md.htmlStash.store(markup)
        return placeholder

    def _paired(self, text: str, pattern: re.Pattern[str], kind: str, closing: Callable[[re.Match[str]], str]) -> str:
        """Each tag of ``pattern`` in ``text``: with its closing tag, a box around what it
        wraps (rendered as Markdown); alone, a stub; a closing tag alone, the box's end."""
        out, at = [], 0
        while True:
            match = pattern.search(text, at)
            if match is None:
                out.append(text[at:])
                return "".join(out)
            out.append(text[at : match.start()])
            at = match.end()
            groups = match.groupdict()
            name = groups.get("name") or groups.get("bname") or ""
            args = groups.get("props") if kind == "Component" else groups.get("args") or groups.get("bargs")
            args = args or ""
            if name in LINKS or (kind == "Liquid" and name.startswith("end")) or name == "end":
                out.append(match.group(0) if name in LINKS else self._store("</div>"))
                continue
            if kind == "Liquid" and name == "comment":
                end = re.compile(r"\{%-?\s*endcomment\s*-?%\}").search(text, at)
                at = end.end() if end else at  # a template comment shows nothing
                continue
            if groups.get("close"):
                out.append(self._store("</div>"))  # the end of a box opened in an earlier block
                continue
            template = getattr(self.md, "post_editor_shortcodes", {}).get(name) if kind == "Hugo" else None
            block = _alone(text, match.start(), match.end())
            end = None
            if not groups.get("self") and not (kind == "Zola" and groups.get("name")):
                end = re.compile(closing(match)).search(text, at)
            if end is None:
                out.append(self._store(fill(template, args, "") if template else stub(kind, name, args, block)))
                continue
            inner = text[at : end.start()]
            at = end.end()
            out.append(self._templated(template, args, inner) if template else self._wrap(kind, name, args, inner))

    def _templated(self, template: str, args: str, inner: str) -> str:
        """The site's own template around ``inner``, rendered as Markdown where it says ``.Inner``."""
        mark = next((m for m in _PLACEHOLDER.finditer(template) if m["inner"]), None)
        if mark is None:
            return self._store(fill(template, args, inner))
        opening = self._store(fill(template[: mark.start()], args, ""))
        closing = self._store(fill(template[mark.end() :], args, ""))
        return f"\n\n{opening}\n\n{inner.strip(chr(10))}\n\n{closing}\n\n"

    def _wrap(self, kind: str, name: str, args: str, inner: str) -> str:
        if name == "highlight":
            language = parse_args(args)[0][:1] or [""]
            return _code(language[0], inner)
        if name == "raw" and kind == "Liquid":
            return self._literal(inner) if "\n" not in inner else _code("", inner)
        if kind == "Hugo" and name == "figure":
            return self._store(stub(kind, name, args, True))
        return (
            "\n\n"
            + self._store(_opening(kind, name, args))
            + "\n\n"
            + inner.strip("\n")
            + "\n\n"
            + self._store("</div>")
            + "\n\n"
        )


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
