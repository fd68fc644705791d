"""The article topic: deterministic hashing, the shipped model, the stage and the KB column."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
from conftest import EXAMPLES, REFERENCE, ROOT
from sqlalchemy import select

from sukien import store
from sukien.ingest import Ingester
from sukien.record import Article, Document
from sukien.topic import TOPICS, model, slots, topic_of, topic_stage, words_of

SPORT = ("Đội tuyển bóng đá Việt Nam đã giành chiến thắng 2-0 trước Thái Lan ở vòng loại World Cup. "
         "Huấn luyện viên cho biết các cầu thủ thi đấu xuất sắc, tiền đạo ghi bàn ở phút 89 và "
         "thủ môn cản phá quả phạt đền.")
WORLD = ("Ngoại trưởng hai nước đã hội đàm tại thủ đô về quan hệ song phương, các lệnh trừng phạt và "
         "căng thẳng quân sự ở biên giới. Điện Kremlin và Nhà Trắng cáo buộc lẫn nhau, NATO kêu gọi "
         "hạ nhiệt, Liên hợp quốc lo ngại xung đột leo thang.")
HEALTH = ("Bệnh nhân được các bác sĩ bệnh viện điều trị tích cực, xét nghiệm cho kết quả âm tính. "
          "Bộ Y tế khuyến cáo người dân tiêm vắc xin, đeo khẩu trang và đến cơ sở y tế khi có "
          "triệu chứng sốt, ho.")


def test_hashing_is_the_same_in_every_process():
    # CRC-32, not Python's salted hash(): the slots must not change between runs
    assert slots("Hà Nội hội đàm", 1 << 16).tolist() == \
        sorted(set(slots("hà nội, HỘI ĐÀM!", 1 << 16).tolist()))
    code = ("from sukien.topic import slots; "
            "print(slots('Hà Nội hội đàm', 65536).tolist())")
    runs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env={"PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT / "src")},
                           check=True).stdout for seed in (1, 2)}
    assert len(runs) == 1
    assert runs.pop().strip() == str(slots("Hà Nội hội đàm", 1 << 16).tolist())


def test_words_lose_punctuation_not_letters():
    assert words_of("“Hội đàm”, (Hà Nội)!") == ["hội", "đàm", "hà", "nội"]


def test_the_model_is_small_and_knows_the_topics():
    shipped = ROOT / "src" / "sukien" / "data" / "topic.npz"
    assert shipped.stat().st_size < 1_000_000
    assert model().labels == TOPICS
    assert model().weights.dtype == np.float32


def test_topics_of_plain_paragraphs():
    assert topic_of(SPORT) == "sport"
    assert topic_of(WORLD) == "world"
    assert topic_of(HEALTH) == "health"
    assert topic_of("") is None


def test_the_stage_sets_the_article_topic():
    doc = topic_stage(Document(path="t", article=Article(title="Bóng đá", body=SPORT)))
    assert doc.article.topic == "sport"
    assert doc.to_json()["topic"] == "sport"


def test_topic_is_stored_and_a_version_2_database_gains_the_column(tmp_path):
    url = f"sqlite:///{tmp_path}/kb.db"
    engine = store.open_engine(url)
    Ingester(engine).ingest([str(EXAMPLES / "pages")], reference_time=REFERENCE)
    with engine.connect() as conn:
        topics = conn.scalars(select(store.articles.c.topic)).all()
    assert topics and all(t in TOPICS for t in topics)
    with engine.begin() as conn:  # a database written before migration 3
        conn.exec_driver_sql("DROP INDEX ix_articles_topic")
        conn.exec_driver_sql("ALTER TABLE articles DROP COLUMN topic")
        conn.exec_driver_sql("DELETE FROM schema_migrations WHERE version > 2")
    engine.dispose()
    engine = store.open_engine(url)
    with engine.connect() as conn:
        columns = [r[1] for r in conn.exec_driver_sql("PRAGMA table_info(articles)")]
        versions = conn.scalars(select(store.migrations.c.version)).all()
    assert "topic" in columns and versions == list(range(1, store.SCHEMA_VERSION + 1))
    engine.dispose()
