"""Small helpers the readers share: HTML to plain text, act keys that fit the ledger."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser

KEY_LENGTH = 200  # Interaction.source_key

_BLOCKS = {"p", "div", "li", "ul", "ol", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"}
_SKIP = {"script", "style"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, paragraphs kept apart."""
    if not html:
        return ""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    lines = "".join(parser.parts).replace("\r\n", "\n").split("\n")
    text = "\n".join(line.rstrip() for line in lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip()


def bounded_key(key: str) -> str:
    """The key itself when it fits the ledger, else its start and a hash of all of it.

    Keys built from a source's ids (status URIs, Message-IDs, mail addresses) are usually
    short; a long one stays unique and stable across runs.
    """
    if len(key) <= KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{key[: KEY_LENGTH - len(digest) - 1]}#{digest}"
