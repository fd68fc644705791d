"""The scorer: only the checks a gold file has, one-to-one events and figures, evidence spans."""

import json

from sukien.evaluate import PageScore, _score_events, _score_figures, evaluate, score_article
from sukien.record import Article, Event, Figure


def _event(evidence: str, type_: str = "CONSULT", date: str | None = "2024-05-02") -> Event:
    return Event(id=evidence[:8], type=type_, cameo="040", mode=None, status="happened",
                 date=date, date_end=None, location=None, location_en=None, people=[],
                 sides=["VN", "LA"], trigger="hội đàm", evidence=evidence, start=0, end=9)


def test_dev_gold_without_article_keys_scores_no_article_checks():
    score = score_article("x", {"people": []}, Article(title="T", body="b", lede="L"))
    assert score.total == {}


def test_a_second_record_of_a_matched_event_counts_against_precision():
    gold = [{"type": "CONSULT", "date": "2024-05-02", "sides": ["VN", "LA"], "people": [],
             "location": None, "required": True, "evidence": "Hai bên hội đàm tại Hà Nội"}]
    events = [_event("Hai bên hội đàm tại Hà Nội sáng nay."), _event("Hai bên hội đàm tại Hà Nội.")]
    score = PageScore("x")
    _score_events(score, gold, events)
    assert score.passed["events"] == 1
    assert score.predicted["events"] == (1, 2)
    assert len(score.unmatched) == 1


def test_figure_value_counts_within_one_percent_and_once():
    def fig(value: float) -> Figure:
        return Figure(indicator="trade", value=value, unit="USD", value_usd=value, period=None,
                      change_pct=None, qualifier=None, parties=[], text="", evidence="", start=0,
                      end=1)

    gold = [{"value": 100.0, "unit": "USD"}, {"value": 100.5, "unit": "USD"}]
    score = PageScore("x")
    _score_figures(score, gold, [fig(100.9)])
    assert score.passed["figures"] == 1 and score.total["figures"] == 2
    assert score.predicted["figures"] == (1, 1)


def test_evidence_cited_by_offsets_is_read_from_the_page(tmp_path):
    page = ("# date = 20240502\nThủ tướng Việt Nam hội đàm với Thủ tướng Lào\n"
            "Chiều 2/5, tại Hà Nội, Thủ tướng Việt Nam Phạm Minh Chính hội đàm với Thủ tướng "
            "Lào Sonexay Siphandone. Hai bên nhất trí tăng cường hợp tác.\n")
    (tmp_path / "pages").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "pages" / "a.txt").write_text(page, encoding="utf-8")
    start = page.index("Chiều 2/5")
    end = page.index("Siphandone") + len("Siphandone")
    gold = {"events": [{"type": "CONSULT", "date": "2024-05-02", "location": "Hà Nội",
                        "people": [], "sides": ["LA", "VN"], "required": True,
                        "evidence_span": [start, end]}]}
    (tmp_path / "gold" / "a.json").write_text(json.dumps(gold), encoding="utf-8")
    report = evaluate(tmp_path / "gold", tmp_path / "pages")
    assert report.totals()["events"] == (1, 1)
