"""LaTeX in BibTeX fields as Unicode text or as safe HTML.

The symbol tables are the maintained decoders': pylatexenc's macro database and
latexcodec's translation table (which pybtex itself uses). What this module adds
is the part neither does completely: the structure of a field value (groups,
macro arguments, ``\\ifmmode…\\else X\\fi``, math with sub- and superscripts),
accents on any letter (as Unicode combining marks, so every accent form works),
and the few macros that become HTML (``\\emph``, ``\\textbf``, ``\\textsc``,
``\\mkbibquote`` …). Every character of the value is HTML-escaped before any
tag is added, so no markup an editor writes reaches the page.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from handbook import i18n
from handbook.safety import escape

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
from pylatexenc.latex2text import get_default_latex_context_db

#: accent commands → Unicode combining characters
ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331", "t": "\u0361",
}
#: macros without arguments the decoders lack or get wrong
SYMBOLS = {
    "S": "§", "P": "¶", "pounds": "£", "euro": "€", "copyright": "©", "textless": "<", "textgreater": ">",
    "textbackslash": "\\", "textbar": "|", "textunderscore": "_", "textasciicircum": "^", "i": "ı", "j": "ȷ",
    "textendash": "–", "textemdash": "—", "textquoteright": "’", "textquoteleft": "‘", "textquotedblleft": "“",
    "textquotedblright": "”", "textquotesingle": "'", "textquotedbl": '"', "ldots": "…", "dots": "…",
    "textellipsis": "…", "space": " ", "quad": "\u2003", "qquad": "\u2003\u2003", "nobreakspace": "\u00a0",
    "textsection": "§", "textdollar": "$", "textpercent": "%", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX",
    "vert": "|", "mid": "|", "textasciitilde": "~", "slash": "/", "textslash": "/", "ae": "æ", "AE": "Æ",
    "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "o": "ø", "O": "Ø", "l": "ł", "L": "Ł", "ss": "ß", "SS": "SS",
    "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ", "ng": "ŋ", "NG": "Ŋ", "guillemotleft": "«", "guillemotright": "»",
}
#: control symbols (backslash and one non-letter)
CONTROL = {"&": "&", "%": "%", "$": "$", "#": "#", "_": "_", "{": "{", "}": "}", ",": "\u202f", " ": " ",
           "\\": " ", "-": "", "/": "", "@": "", ";": "\u2009", ":": "\u205f", "!": "", ">": "", "<": ""}
#: macros whose one argument is kept as text (the macro itself means nothing on a web page)
TRANSPARENT = {"textrm", "textup", "textnormal", "textsf", "texttt", "textmd", "mbox", "hbox", "text", "mathrm",
               "mathit", "mathbf", "mathsf", "mathtt", "mathcal", "mathbb", "ensuremath", "url", "nolinkurl",
               "uppercase", "MakeUppercase", "lowercase", "MakeLowercase", "textcolor", "NoCaseChange", "nocite",
               "foreignlanguage", "hyphenation", "textlatin", "textenglish", "textfinnish", "bibstring", "path"}
#: macros whose arguments are dropped
DROPPED = {"noopsort", "sortname", "label", "index", "cite", "footnote", "thanks", "vspace", "hspace", "pagebreak",
           "linebreak", "newline", "relax", "protect", "bgroup", "egroup", "unskip", "ignorespaces", "hyphen",
           "discretionary", "kern", "penalty", "phantom"}
#: macros that become HTML
HTML_TAGS = {"emph": "em", "textit": "i", "textsl": "i", "mkbibemph": "em", "textbf": "strong", "mkbibbold": "strong",
             "textsc": 'span class="hb-smallcaps"', "textsuperscript": "sup", "mkbibsuperscript": "sup",
             "textsubscript": "sub", "mkbibsubscript": "sub"}
QUOTE_MACROS = {"mkbibquote", "enquote", "textquote", "mkbibquotation"}
#: macros taking an argument that is a language name or option before the text (dropped)
ONE_OPTION = {"foreignlanguage", "textcolor", "hyphenation"}

SUPERSCRIPTS = str.maketrans("0123456789+-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ")
SUBSCRIPTS = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")

_DB = get_default_latex_context_db()
_NEEDS_WORK = re.compile(r"[\\{}$~]|--|``|''|[?!]`")
_SPACE = re.compile(r"[ \t\r\n]+")
_TOKEN = re.compile(r"\\([A-Za-z]+)\s*|\\(.)|---|--|``|''|\?`|!`|([{}$~^_])|([^\\{}$~^_`'?!-]+)|(.)", re.S)


@functools.lru_cache(maxsize=4096)
def symbol(name: str) -> str | None:
    """The Unicode text of an argument-less macro ``\\name``, or None if no decoder knows it."""
    if name in SYMBOLS:
        return SYMBOLS[name]
    spec = _DB.get_macro_spec(name)
    repl = getattr(spec, "simplify_repl", None) if spec is not None else None
    if isinstance(repl, str) and "%" not in repl and "\\" not in repl:
        return repl
    try:
        # latexcodec's "ulatex" decodes text to text, which typeshed's overloads of decode do not know
        decoded: str = codecs.decode("\\" + name + "{}", "ulatex")  # type: ignore[call-overload]
    except Exception:  # noqa: BLE001 - a decoder error means "unknown"
        return None
    decoded = decoded.replace("{}", "").strip()
    return decoded if decoded and "\\" not in decoded else None


class _Parser:
    """A recursive-descent reader of one field value, writing HTML or text."""

    def __init__(self, value: str, lang: str, html: bool) -> None:
        #: (the number of the token's kind in ``_TOKEN``, its text, the whole match)
        self.tokens: list[tuple[int | None, str, str]] = [(m.lastindex, m.group(m.lastindex) if m.lastindex else m.group(0), m.group(0))
                       for m in _TOKEN.finditer(value)]
        self.pos = 0
        self.lang = lang
        self.html = html

    # tokens ------------------------------------------------------------------
    def peek(self) -> tuple[int | None, str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[int | None, str, str] | None:
        token = self.peek()
        self.pos += 1
        return token

    def out(self, text: str) -> str:
        return escape(text, quote=False) if self.html else text

    def tag(self, name: str, inner: str) -> str:
        if not self.html or not inner:
            return inner
        return f"<{name}>{inner}</{name.split()[0]}>"

    # structure ---------------------------------------------------------------
    def run(self, until: str | None = None, math: bool = False) -> str:
        """Convert tokens until the closing ``until`` ("}" or "$") or the end."""
        parts: list[str] = []
        while (token := self.peek()) is not None:
            group, value, raw = token
            if group == 3 and value == until:
                self.pos += 1
                return "".join(parts)
            if until is None and group == 3 and value == "}":
                self.pos += 1  # a stray closing brace: dropped
                continue
            if group == 1 and value in ("else", "fi") and until == "\\if":
                return "".join(parts)
            parts.append(self.one(math))
        return "".join(parts)

    def argument(self, math: bool = False) -> str:
        """One macro argument: a group, a macro or a single character."""
        while (token := self.peek()) is not None and token[0] == 4 and token[1].isspace():
            self.pos += 1
        token = self.peek()
        if token is None:
            return ""
        if token[0] == 3 and token[1] == "{":
            self.pos += 1
            return self.run("}", math)
        if token[0] == 4:  # plain text: the argument is its first character
            self.pos += 1
            first, rest = token[1][:1], token[1][1:]
            if rest:
                self.tokens.insert(self.pos, (4, rest, rest))
            return self.out(first)
        return self.one(math)

    def skip_option(self) -> None:
        """Skip an optional ``[...]`` argument."""
        token = self.peek()
        if token is not None and token[0] == 4 and token[1].startswith("["):
            depth, index = 0, self.pos
            while index < len(self.tokens):
                text = self.tokens[index][2]
                depth += text.count("[") - text.count("]")
                index += 1
                if depth <= 0:
                    tail = text[text.rfind("]") + 1:]
                    self.pos = index
                    if tail:
                        self.tokens.insert(self.pos, (4, tail, tail))
                    return

    def one(self, math: bool) -> str:
        token = self.take()
        if token is None:  # the callers look first: never at the end
            return ""
        group, value, raw = token
        if group == 1:
            return self.macro(value, math)
        if group == 2:
            if value in ACCENTS:
                return self.accent(value, math)
            return self.out(CONTROL.get(value, value))
        if group == 3:
            if value == "{":
                return self.run("}", math)
            if value == "$":
                if math:
                    return ""
                return self.run("$", math=True)
            if value == "~":
                return "\u00a0"
            if value in "^_":
                if not math:
                    return self.out(value)
                inner = self.argument(math=True)
                plain_inner = re.sub(r"<[^>]+>", "", inner)
                table = SUPERSCRIPTS if value == "^" else SUBSCRIPTS
                if self.html:
                    return self.tag("sup" if value == "^" else "sub", inner)
                converted = plain_inner.translate(table)
                return converted if all(c not in plain_inner for c in "abcdefghjklmopqrstuvwxyz") else plain_inner
            return ""
        if group == 4:
            return self.out(value if not math else value.replace(" ", ""))
        # dashes, TeX quotes and lone characters
        return self.out({"---": "—", "--": "–", "``": "“", "''": "”", "?`": "¿", "!`": "¡"}.get(raw, raw))

    def accent(self, mark: str, math: bool) -> str:
        base = self.argument(math)
        if not base.strip() or base[0] in "<&":
            return base  # nothing to accent, or markup: the accent is dropped
        base = {"ı": "i", "ȷ": "j"}.get(base[:1], base[:1]) + base[1:] if base else " "
        composed = unicodedata.normalize("NFC", base[:1] + ACCENTS[mark] + base[1:2]) + base[2:] if mark == "t" \
            else unicodedata.normalize("NFC", base[:1] + ACCENTS[mark]) + base[1:]
        return composed

    def macro(self, name: str, math: bool) -> str:
        if name == "ifmmode":  # \ifmmode A\else B\fi → B (text mode)
            self.run("\\if", math)
            token = self.peek()
            result = ""
            if token is not None and token[0] == 1 and token[1] == "else":
                self.pos += 1
                result = self.run("\\if", math)
            token = self.peek()
            if token is not None and token[0] == 1 and token[1] == "fi":
                self.pos += 1
            return result
        if name in ("else", "fi"):
            return ""
        if len(name) == 1 and name in ACCENTS:
            return self.accent(name, math)
        if name in HTML_TAGS:
            return self.tag(HTML_TAGS[name], self.argument(math))
        if name in QUOTE_MACROS:
            self.skip_option()
            opening, closing = (i18n.text("references", mark, self.lang) for mark in ("quote_open", "quote_close"))
            return self.out(opening) + self.argument(math) + self.out(closing)
        if name == "href":
            self.argument(math)
            return self.argument(math)
        if name in ONE_OPTION:
            self.skip_option()
            self.argument(math)
            return self.argument(math)
        if name in TRANSPARENT:
            self.skip_option()
            return self.argument(math)
        if name in DROPPED:
            self.skip_option()
            token = self.peek()
            if token is not None and token[0] == 3 and token[1] == "{":
                self.argument(math)
            return ""
        text = symbol(name)
        if text is not None:
            token = self.peek()
            if token is not None and token[0] == 3 and token[1] == "{" and self.pos + 1 < len(self.tokens) \
                    and self.tokens[self.pos + 1][2] == "}":
                self.pos += 2  # \ss{} and the like
            return self.out(text)
        return ""  # an unknown command leaves no trace; its braced arguments stay as text


@functools.lru_cache(maxsize=65536)
def to_html(value: str, lang: str = i18n.FALLBACK) -> str:
    """A BibTeX field value as safe HTML (text escaped, \\emph etc. as tags)."""
    if not _NEEDS_WORK.search(value):
        return escape(_SPACE.sub(" ", value).strip(), quote=False)
    return _SPACE.sub(" ", _Parser(value, lang, html=True).run()).strip()


@functools.lru_cache(maxsize=65536)
def to_text(value: str, lang: str = i18n.FALLBACK) -> str:
    """A BibTeX field value as plain Unicode text."""
    if not _NEEDS_WORK.search(value):
        return _SPACE.sub(" ", value).strip()
    return _SPACE.sub(" ", _Parser(value, lang, html=False).run()).strip()
