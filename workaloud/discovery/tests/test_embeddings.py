"""The embedding method (the ``embeddings`` extra). Skipped when the extra is not installed,
unless REQUIRE_EMBEDDINGS=1 (as CI sets after installing it), which turns a missing extra into a
failure."""

import os

import numpy as np
import pytest

from workaloud.discovery import store, text

REQUIRED = os.environ.get("REQUIRE_EMBEDDINGS") == "1"
AVAILABLE = text.embeddings_available()
needs_extra = pytest.mark.skipif(
    not AVAILABLE and not REQUIRED, reason="the embeddings extra is not installed"
)


def test_the_extra_is_installed_when_required():
    if REQUIRED:
        assert AVAILABLE, "REQUIRE_EMBEDDINGS=1 but the embeddings extra is not installed"
    elif not AVAILABLE:
        pytest.skip("the embeddings extra is not installed")


@needs_extra
def test_meaning_without_shared_words():
    method = text.get_method("embedding")
    docs = [
        "Helping new hires find their feet during their first weeks at the company.",
        "Reconciling quarterly budget spreadsheets for the finance department.",
    ]
    index = method.build_index(np.array([1, 2]), method.encode(docs))
    scores = index.scores(method.query("How should we onboard a freshly recruited developer?"))
    assert scores[0] > scores[1]
    vector = np.frombuffer(method.encode(["one\n\ntwo"])[0].data, dtype=np.float32)
    assert vector.shape == (text.EMBEDDING_DIM,)
    assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-4)


@needs_extra
@pytest.mark.django_db
def test_who_could_help_with_embeddings(community, alice, bob, settings):
    from workaloud.discovery import services
    from workaloud.discovery.models import Profile

    assert not Profile.objects.filter(embedding__isnull=False).exists()  # lexical configured
    settings.DISCOVERY_TEXT_METHOD = "embedding"
    store.refresh_all(force=True)
    assert Profile.objects.filter(embedding__isnull=False).count() == 4
    assert store.current_index().method.name == "embedding"
    found = services.who_could_help(alice, community["ask"].pk)
    assert found[0].person == bob and found[0].reason and found[0].facts
    assert [s.person.username for s in services.aligned_people(alice)]
