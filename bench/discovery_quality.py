"""Quality of "who could help with this ask", on real data: Math Educators Stack Exchange.

    .venv/bin/python bench/discovery_quality.py     # lexical, and embedding when installed
    .venv/bin/python bench/discovery_quality.py --data ../shared/data

Protocol (from the data's README): questions in time order; for each question with at least one
answerer who had written something before it, rank every member other than the asker who had
written anything before the question; relevant = the members who answered it (those who had
written before). Scores: recall@10, hit@10, MRR, and how concentrated the top-10 lists are (the
share of all top-10 slots taken by the 10 most recommended people, and a Gini coefficient).

The rankings are the product's own (``workaloud.discovery``): each member's profile is built
with ``profiles.profile_text`` from what they wrote before the question (newest first), encoded
by the text method, indexed with ``method.build_index``, and ranked with
``ranking.rank_helpers`` (text + helped-before prior − load) or ``ranking.rank_text``.
"Helped before" is the number of other people's questions a member answered; "load" simulates
the product: each asker sends "ask them" to the first person recommended, and such a request
counts against that person for 7 days.

Data: Math Educators Stack Exchange, from the Stack Exchange data dump (CC BY-SA).
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workaloud.discovery import profiles, ranking, text  # noqa: E402

K = 10
LOAD_DAYS = 7
REFERENCE = {  # from the data's README, for comparison
    "most active (README)": (0.383, 0.681, 0.404),
    "most answers (README)": (0.394, 0.713, 0.431),
    "TF-IDF alone (README)": (0.247, 0.494, 0.212),
}
TAG = re.compile(r"<[^>]+>")


@dataclass
class Post:
    id: int
    kind: int
    parent: int | None
    owner: int | None
    at: datetime
    title: str
    body: str
    tags: str


def load_posts(path: Path) -> list[Post]:
    posts = []
    for _, row in ET.iterparse(path):
        if row.tag != "row":
            continue
        a = row.attrib
        owner = a.get("OwnerUserId")
        body = TAG.sub(" ", html.unescape(a.get("Body", "")))
        tags = " ".join(re.findall(r"<([^>]+)>", a.get("Tags", ""))).replace("-", " ")
        posts.append(
            Post(
                int(a["Id"]),
                int(a["PostTypeId"]),
                int(a["ParentId"]) if a.get("ParentId") else None,
                int(owner) if owner else None,
                datetime.fromisoformat(a["CreationDate"]),
                html.unescape(a.get("Title", "")),
                body,
                tags,
            )
        )
        row.clear()
    return sorted(posts, key=lambda p: (p.at, p.id))


def post_text(p: Post) -> str:
    return profiles.update_text(p.body, goal=f"{p.title} {p.tags}".strip())


@dataclass
class Variant:
    name: str
    rows: list[list[int]] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    hit: list[float] = field(default_factory=list)
    rr: list[float] = field(default_factory=list)

    def score(self, ranked: list[int], relevant: set[int], full: list[int] | None = None) -> None:
        top = ranked[:K]
        self.rows.append(top)
        found = len(relevant & set(top))
        self.recall.append(found / len(relevant))
        self.hit.append(1.0 if found else 0.0)
        order = full if full is not None else ranked
        rank = next((i + 1 for i, pid in enumerate(order) if pid in relevant), None)
        self.rr.append(1 / rank if rank else 0.0)

    def line(self) -> str:
        c = ranking.concentration(self.rows)
        return (
            f"{self.name:<44} {np.mean(self.recall):>9.3f} {np.mean(self.hit):>7.3f}"
            f" {np.mean(self.rr):>6.3f} {c['top_share']:>10.3f} {c['gini']:>6.3f} {c['people']:>7}"
        )


def evaluate(posts: list[Post], methods: list[str]) -> tuple[list[Variant], int, dict]:
    questions = {p.id: p for p in posts if p.kind == 1}
    answerers: dict[int, set[int]] = defaultdict(set)
    for p in posts:
        if p.kind == 2 and p.parent in questions and p.owner:
            answerers[p.parent].add(p.owner)

    timings: dict[str, float] = defaultdict(float)
    encoders = {name: text.get_method(name) for name in methods}
    for method in encoders.values():
        if hasattr(method, "warm"):  # embed every post once, in large batches
            started = time.perf_counter()
            method.warm([profiles.profile_text(items=[post_text(p)]) for p in posts])
            timings[method.name] += time.perf_counter() - started
    written: dict[int, list[str]] = defaultdict(list)  # member → their texts, oldest first
    vectors: dict[str, dict[int, text.StoredVector]] = {name: {} for name in methods}
    posts_so_far: dict[int, int] = defaultdict(int)
    answers_so_far: dict[int, int] = defaultdict(int)
    helped: dict[int, set[int]] = defaultdict(set)
    requests: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    variants: dict[str, Variant] = {}

    def variant(name: str) -> Variant:
        return variants.setdefault(name, Variant(name))

    qualified = 0
    for p in posts:
        if p.kind == 1 and p.owner is not None:
            members = sorted(m for m in written if m != p.owner)
            relevant = answerers[p.id] & set(members)
            if relevant:
                qualified += 1
                ids = np.array(members, dtype=np.int64)
                # Baselines: the most active members, and the most answers.
                by_posts = sorted(members, key=lambda m: (-posts_so_far[m], m))
                variant("most active members (posts so far)").score(by_posts, relevant)
                by_answers = sorted(members, key=lambda m: (-answers_so_far[m], m))
                variant("most answers so far").score(by_answers, relevant)
                helped_arr = np.array([len(helped[m]) for m in members], dtype=np.float32)
                query_text = post_text(p)
                for name, method in encoders.items():
                    started = time.perf_counter()
                    index = method.build_index(ids, [vectors[name][m] for m in members])
                    scores = index.scores(method.query(query_text))
                    timings[name] += time.perf_counter() - started
                    text_only = ranking.rank_text(ids, scores, k=len(ids))
                    variant(f"{name}: text only").score([r.person_id for r in text_only], relevant)
                    no_load = ranking.rank_helpers(
                        ids, scores, helped_arr, np.zeros(len(ids)), k=len(ids)
                    )
                    variant(f"{name}: text + helped before").score(
                        [r.person_id for r in no_load], relevant
                    )
                    since = p.at - timedelta(days=LOAD_DAYS)
                    load_count: dict[int, int] = defaultdict(int)
                    for at, pid in requests[name]:
                        if at >= since:
                            load_count[pid] += 1
                    load = np.array([load_count[m] for m in members], dtype=np.float32)
                    full = ranking.rank_helpers(ids, scores, helped_arr, load, k=len(ids))
                    ranked = [r.person_id for r in full]
                    variant(f"{name}: who could help (product)").score(ranked, relevant)
                    if ranked:
                        requests[name].append((p.at, ranked[0]))
        # Then the post becomes part of what its author has written.
        if p.owner is None:
            continue
        posts_so_far[p.owner] += 1
        if p.kind == 2:
            answers_so_far[p.owner] += 1
            asker = questions[p.parent].owner if p.parent in questions else None
            if asker and asker != p.owner:
                helped[p.owner].add(p.parent)
        written[p.owner].append(post_text(p))
        profile = profiles.profile_text(items=list(reversed(written[p.owner])))
        for name, method in encoders.items():
            started = time.perf_counter()
            vectors[name][p.owner] = method.encode([profile])[0]
            timings[name] += time.perf_counter() - started
    return list(variants.values()), qualified, timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument(
        "--methods", default="", help="Comma-separated: lexical,embedding (default: all available)"
    )
    args = parser.parse_args()
    path = Path(args.data) / "matheducators-stackexchange" / "Posts.xml"
    if not path.exists():
        print(
            f"No data at {path}: pass --data DIR (the folder holding matheducators-stackexchange)."
        )
        return 2
    methods = [m for m in args.methods.split(",") if m] or (
        ["lexical", "embedding"] if text.embeddings_available() else ["lexical"]
    )
    if "embedding" in methods and not text.embeddings_available():
        print("The embedding method needs the extra: pip install -e '.[embeddings]'.")
        return 2
    posts = load_posts(path)
    started = time.perf_counter()
    variants, qualified, timings = evaluate(posts, methods)
    elapsed = time.perf_counter() - started
    print(f"Math Educators Stack Exchange: {len(posts)} posts, {qualified} questions qualify")
    print("Data: Math Educators Stack Exchange, from the Stack Exchange data dump (CC BY-SA).\n")
    head = (
        f"{'ranking':<44} {'recall@10':>9} {'hit@10':>7} {'MRR':>6}"
        f" {'top10share':>10} {'gini':>6} {'people':>7}"
    )
    print(head)
    print("-" * len(head))
    for v in variants:
        print(v.line())
    for name, (r, h, m) in REFERENCE.items():
        print(f"{name:<44} {r:>9.3f} {h:>7.3f} {m:>6.3f}")
    print()
    base = next(v for v in variants if v.name.startswith("most active"))
    verdict = 0
    for name in methods:
        product = next(v for v in variants if v.name == f"{name}: who could help (product)")
        gain_r = np.mean(product.recall) / np.mean(base.recall)
        gain_m = np.mean(product.rr) / np.mean(base.rr)
        ok = gain_r > 1.05 and gain_m > 1.05
        verdict |= 0 if ok else 1
        print(
            f"target: {name} who-could-help beats the most-active baseline clearly "
            f"(recall@10 ×{gain_r:.2f}, MRR ×{gain_m:.2f} against it) — {'PASS' if ok else 'FAIL'}"
            f"; text method time {timings[name]:.1f} s"
        )
    print(f"total {elapsed:.1f} s")
    return verdict


if __name__ == "__main__":
    sys.exit(main())
