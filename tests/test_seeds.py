"""Every seed page against its gold file (shared/seeds + shared/gold)."""

from __future__ import annotations

import re

import pytest
from conftest import REFERENCE, gold_stems, load_gold, seed_path

from sukien.normalize import normalize_text
from sukien.record import Document

STEMS = gold_stems()


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", normalize_text(text or "")).strip()


@pytest.fixture(scope="module")
def articles(pipeline):
    out = {}
    for stem in STEMS:
        raw = seed_path(stem).read_bytes()
        doc = pipeline(Document(path=stem, raw=raw, reference_time=REFERENCE))
        out[stem] = doc
    return out


def test_there_are_seeds():
    assert len(STEMS) >= 5


@pytest.mark.parametrize("stem", STEMS)
def test_title_authors_source(articles, stem):
    gold, article = load_gold(stem), articles[stem].article
    assert norm(article.title) == norm(gold["title"])
    assert article.authors == gold["authors"]
    assert article.section == gold["section"]
    assert article.source is not None
    outlet_name = article.source.split(" (")[0].lower()
    assert outlet_name in gold["source"].lower()


@pytest.mark.parametrize("stem", STEMS)
def test_published(articles, stem):
    gold, article = load_gold(stem), articles[stem].article
    assert article.published == gold["published"]
    hint = re.sub(r"\s*\(year[^)]*\)$", "", gold["published_hint"] or "") or None
    assert article.published_hint == hint
    year = re.search(r"\(year (\d{4})", gold["published_hint"] or "")
    if year:  # a year-less date gets the page's most plausible year
        assert article.published_resolved.startswith(year.group(1))


@pytest.mark.parametrize("stem", STEMS)
def test_body_bounds_and_content(articles, stem):
    gold, article = load_gold(stem), articles[stem].article
    body = norm(article.body)
    assert body.startswith(norm(gold["body_starts_with"]))
    assert body.endswith(norm(gold["body_ends_with"]))
    for sentence in gold["body_must_contain"]:
        assert norm(sentence) in body
    paragraphs = {norm(p) for p in article.body.split("\n\n")}
    for line in gold["not_body"]:
        assert norm(line) not in paragraphs
        if len(line.split()) >= 6:
            assert norm(line) not in body


@pytest.mark.parametrize("stem", STEMS)
def test_captions_separated(articles, stem):
    gold, article = load_gold(stem), articles[stem].article
    captions = [norm(c) for c in article.captions]
    for caption in gold["captions"]:
        assert norm(caption) in captions
        assert norm(caption) not in norm(article.body)
    assert len(captions) == len(set(captions)), "a caption printed twice is kept once"


@pytest.mark.parametrize("stem", STEMS)
def test_lede(articles, stem):
    gold, article = load_gold(stem), articles[stem].article
    assert norm(article.lede) == norm(gold.get("lede"))


def test_glued_words_restored(articles):
    bodies = " ".join(doc.article.body for doc in articles.values())
    assert "dựngCộng" not in bodies and "ASEANvà" not in bodies
    assert "xây dựng Cộng đồng ASEAN và vai trò" in bodies
    assert "tại Biển Đông" in bodies


def test_eval_command_scores_seeds():
    from conftest import GOLD, SEEDS

    from sukien.evaluate import evaluate

    report = evaluate(GOLD, SEEDS, reference_time=REFERENCE)
    assert not [p.error for p in report.pages if p.error]
    assert report.overall() >= 0.98
