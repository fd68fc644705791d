#!/usr/bin/env python3
"""Corpus quality report: what a sukien knowledge base made of a corpus of text dumps.

    sukien ingest --db sqlite:///dev.db ../shared/corpus/dantri-unc
    python scripts/corpus_report.py dev.db ../shared/corpus/dantri-unc

Reads the SQLite file directly (tables documents, articles, sentences, entities, mentions,
events) and the corpus files (``# key = value`` header, then the text), and prints one line
per signal. Gold files say how well on a few pages; these say how widely, on all of them.

- refused: files that gave no article (every file of a news corpus is an article)
- title, two readings of "the file has a headline line":
  * first line: the first line after the header unless it carries a photo credit (the
    definition of ../shared/tools/corpus_check.py); many corpus files lost their headline,
    so this line is often the sapo, a caption or a sub-heading;
  * URL headline: that first line is the headline the URL's slug was made from (at least
    70 % of the slug's words in the line and 70 % of the line's words in the slug);
  the article's title must equal the line (NFC, spacing, tone-mark placement ignored)
- lede: on files with a URL headline followed by a sapo line (not a caption, 10 words or
  more), the article's lede is that line (first 60 characters; an outlet tag such as
  "Dân trí " or "(TTXVN) - " opening it ignored)
- sentences per article
- dated events: events whose evidence names a day ("ngày 21/4", "chiều 12-5") that carry a date
- events per article, by the section named in the file's doc_id (sport, entertainment, …
  should be near 0)
- mangled names: person mentions whose name starts with a country word or ends with a word
  that opens the next sentence ("Mỹ Donald Trump", "Tập Cận Bình Chủ")
- split persons: articles with two or more people where one is a proper suffix of another
  ("Trump" beside "Donald Trump")
"""

from __future__ import annotations

import collections
import os
import re
import sqlite3
import sys
import unicodedata
from urllib.parse import urlsplit

from sukien.normalize import canonical_tones, fold

COUNTRIES = (
    "Mỹ|Nga|Anh|Pháp|Đức|Nhật|Nhật Bản|Trung Quốc|Hàn Quốc|Triều Tiên|Ấn Độ|Úc|Ý|Iran|Israel|"
    "Syria|Thổ Nhĩ Kỳ|Ukraine|Philippines|Campuchia|Lào|Thái Lan|Singapore|Indonesia|Malaysia|"
    "Canada|Australia|Cuba|Venezuela|Qatar|Hà Lan|Bỉ|Tây Ban Nha|Brazil|Mexico|Pakistan|"
    "Afghanistan|Iraq|Ai Cập|Thụy Điển|Na Uy|Ba Lan|Séc|Hungary|Myanmar|Việt Nam"
)
PREFIX = re.compile(rf"^({COUNTRIES}) ")
SUFFIX = re.compile(
    r" (Tuy|Cũng|Chủ|Tại|Theo|Trong|Khi|Sau|Ngoài|Về|Với|Đây|Đó|Ông|Bà|Hai|Nhưng|"
    r"Còn|Ngày|Chiều|Sáng|Tối|Trước|Người|Năm|Các|Những|Một)$"
)
DAY = re.compile(
    r"\b(?:ngày|sáng|chiều|tối|trưa|đêm|hôm)\s+(?:nay\s+)?\(?\d{1,2}\s*[-/.]\s*\d{1,2}\b", re.I
)
CAPTION = re.compile(r"\((?:Ảnh|Nguồn|Photo)\b|\bẢnh\s*:", re.I)
HEADER = re.compile(r"^#\s*([A-Za-z][\w.-]*)\s*=\s*(.*?)\s*$")
OUTLET_TAG = re.compile(r"^(?:\([^()]{2,30}\)\s*[-–—]?\s*|[^\s()]{2,12}\s*[-–—]\s+|Dân trí\s+)")
SLUG_SHARE = 0.7


def norm(text: str | None) -> str:
    return canonical_tones(" ".join(unicodedata.normalize("NFC", text or "").split()))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def slug_words(url: str | None) -> list[str]:
    if not url:
        return []
    segment = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    segment = re.sub(r"\.\w+$", "", segment)
    tokens = [t for t in re.split(r"[-_]+", segment.lower()) if t]
    while tokens and re.fullmatch(r"[a-z]{0,4}\d{4,}[a-z]?|\d+", tokens[-1]):
        tokens.pop()
    return tokens if sum(t.isalpha() for t in tokens) >= 3 else []


def is_url_headline(line: str, slug: list[str]) -> bool:
    mine = words(line)
    if not slug or not mine:
        return False
    in_line = sum(t in mine for t in slug) / len(slug)
    in_slug = sum(t in slug for t in mine) / len(mine)
    return in_line >= SLUG_SHARE and in_slug >= SLUG_SHARE


def layout(path: str) -> dict:
    """Section, first line, whether it is the URL headline, and the sapo line after it."""
    with open(path, encoding="utf-8") as f:
        lines = [line.strip() for line in f.read().split("\n")]
    meta: dict[str, str] = {}
    body: list[str] = []
    for line in lines:
        match = HEADER.match(line)
        if match and not body:
            meta[match.group(1).lower()] = match.group(2)
        elif line:
            body.append(line)
    section = re.match(r"news_([a-z]+)_", meta.get("doc_id", ""))
    first = body[0] if body and not CAPTION.search(body[0]) else None
    url_headline = first is not None and is_url_headline(first, slug_words(meta.get("url")))
    sapo = body[1] if url_headline and len(body) > 1 else None
    if sapo and (CAPTION.search(sapo) or len(sapo.split()) < 10):
        sapo = None
    return {"section": section.group(1) if section else None, "first": first,
            "url_headline": url_headline, "sapo": sapo}


def share(done: int, total: int) -> str:
    return f"{done} of {total} ({done / max(total, 1):.1%})"


def main(db_path: str, corpus: str) -> None:
    db = sqlite3.connect(db_path)
    files = sorted(f for f in os.listdir(corpus) if f.endswith(".txt"))
    by_name = {
        os.path.basename(source): (art_id, title, lede)
        for art_id, source, title, lede in db.execute(
            "select a.id, d.source, a.title, a.lede from articles a join documents d on d.id = a.id"
        )
    }
    section_of: dict[str, str | None] = {}
    first_titles, url_titles, ledes = [0, 0], [0, 0], [0, 0]
    for name in files:
        page = layout(os.path.join(corpus, name))
        got = by_name.get(name)
        if got:
            section_of[got[0]] = page["section"]
        title = norm(got[1]) if got else None
        if page["first"]:
            first_titles[1] += 1
            first_titles[0] += title == norm(page["first"])
        if page["url_headline"]:
            url_titles[1] += 1
            url_titles[0] += title == norm(page["first"])
        if page["sapo"]:
            ledes[1] += 1
            want = norm(OUTLET_TAG.sub("", page["sapo"]))[:60]
            ledes[0] += bool(got and got[2]) and norm(OUTLET_TAG.sub("", got[2]))[:60] == want
    refused = [n for n in files if n not in by_name]
    print(f"refused: {len(refused)} of {len(files)} files {refused[:5]}")
    print(f"title = first line (unless a caption): {share(*first_titles)}")
    print(f"title = URL headline (first line the URL slug was made from): {share(*url_titles)}")
    print(f"lede = sapo (line after a URL headline): {share(*ledes)}")

    counts = dict(db.execute("select article_id, count(*) from sentences group by article_id"))
    arts = len(by_name)
    print(f"sentences per article: {sum(counts.values()) / max(arts, 1):.1f} "
          f"({sum(1 for a in by_name.values() if not counts.get(a[0]))} articles with none)")

    events = db.execute("select article_id, evidence, date from events").fetchall()
    dayed = [e for e in events if DAY.search(e[1] or "")]
    print(f"dated events: {share(sum(bool(e[2]) for e in dayed), len(dayed))} "
          "events whose evidence names a day")
    per_section = collections.Counter(section_of.get(e[0]) for e in events)
    sections = collections.Counter(section_of.values())
    rows = ", ".join(f"{s} {per_section[s] / sections[s]:.2f}"
                     for s in sorted(sections, key=str) if s)
    print(f"events per article by section: {rows}")

    person = dict(db.execute("select id, canonical from entities where type = 'PER'"))
    mentions: collections.Counter[str] = collections.Counter()
    people_in: dict[str, set[str]] = collections.defaultdict(set)
    for entity, article in db.execute("select entity_id, article_id from mentions"):
        if entity in person:
            mentions[entity] += 1
            people_in[article].add(person[entity])
    total = sum(mentions.values())
    bad = [(person[e], c) for e, c in mentions.most_common()
           if PREFIX.match(person[e]) or SUFFIX.search(person[e])]
    print(f"mangled names: {share(sum(c for _, c in bad), total)} person mentions, "
          f"e.g. {[n for n, _ in bad[:5]]}")
    several = [names for names in people_in.values() if len(names) > 1]
    split = 0
    for names in several:
        tokens = {n: n.split() for n in names}
        split += any(len(tokens[a]) < len(tokens[b]) and tokens[b][-len(tokens[a]):] == tokens[a]
                     for a in names for b in names)
    print(f"split persons: {share(split, len(several))} articles with 2+ people")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
