"""Markdown rendered safely: raw HTML and scripts never reach the page."""

import re
import threading

import markdown
import nh3

from workaloud.people.models import USERNAME_PATTERN

MENTION_RE = re.compile(rf"(?<![\w@/])@({USERNAME_PATTERN})")
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "h5", "h6", "hr", "del",
}  # fmt: skip


_local = threading.local()


def _markdown() -> markdown.Markdown:
    """One converter per thread: building one is costly, and they are not thread-safe."""
    if not hasattr(_local, "converter"):
        _local.converter = markdown.Markdown(
            extensions=["fenced_code", "sane_lists"], output_format="html"
        )
    return _local.converter


def mentioned_usernames(text: str) -> set[str]:
    return {match.rstrip(".-") for match in MENTION_RE.findall(text)}


def render_markdown(text: str, known_usernames: set[str] = frozenset()) -> str:
    """Markdown to sanitised HTML; @username becomes a profile link for known members."""

    def link(match: re.Match) -> str:
        name = match.group(1).rstrip(".-")
        if name not in known_usernames:
            return match.group(0)
        return f"[@{name}](/people/{name}/){match.group(1)[len(name) :]}"

    source = MENTION_RE.sub(link, text)
    html = _markdown().reset().convert(source)
    # Headings from a post would outshout the page: demote h1/h2 to h3.
    html = re.sub(r"<(/?)h[12]>", r"<\1h3>", html)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes={"a": {"href", "title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
