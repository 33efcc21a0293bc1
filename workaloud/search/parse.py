"""What a person types, as search terms; and those terms in FTS5's and PostgreSQL's syntax.

Plain words must all match (AND); "quoted words" match as a phrase; the last word, while it is
still being typed (no space after it), matches as a prefix. Nothing typed reaches either query
language raw: a term is reduced to its letters and digits, and written out quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_TERMS = 8
MAX_WORD = 40
MAX_QUERY = 200

_WORD = re.compile(r"[^\W_]+")  # letters and digits, in any script
_TOKEN = re.compile(r'"([^"]*)"?|[^\s"]+')  # a quoted phrase (closing quote optional), a word


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]
    phrase: bool = False  # typed in quotes
    prefix: bool = False  # the last word is still being typed


def parse(text: str) -> list[Term]:
    text = (text or "").replace("\x00", "")[:MAX_QUERY]
    terms: list[Term] = []
    for match in _TOKEN.finditer(text):
        quoted = match.group(0).startswith('"')
        raw = match.group(1) if quoted else match.group(0)
        words = tuple(w.lower()[:MAX_WORD] for w in _WORD.findall(raw or ""))
        if words:
            # still being typed: the last word, unquoted, with nothing after its last letter
            # (one letter is not yet a beginning: it would match most of the index)
            typing = (
                not quoted
                and match.end() == len(text)
                and bool(_WORD.match(text[-1]))
                and len(words[-1]) >= 2
            )
            terms.append(Term(words, phrase=quoted, prefix=typing))
    terms = list(dict.fromkeys(terms))
    return terms[:MAX_TERMS]


def fts5_query(terms: list[Term]) -> str:
    """An FTS5 MATCH expression: each term a quoted string (only letters and digits inside),
    ``*`` after the one being typed, all joined by AND."""
    return " AND ".join(f'"{" ".join(t.words)}"' + ("*" if t.prefix else "") for t in terms)


def tsquery_text(terms: list[Term]) -> str:
    """A ``to_tsquery`` expression: each word single-quoted (only letters and digits inside),
    words of a phrase joined by ``<->``, ``:*`` on the word being typed, terms by ``&``."""
    parts = []
    for t in terms:
        words = [f"'{w}'" for w in t.words]
        if t.prefix:
            words[-1] += ":*"
        parts.append("(" + " <-> ".join(words) + ")")
    return " & ".join(parts)
