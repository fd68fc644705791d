"""Generated news articles for knowledge bases of any size (tests and benchmarks).

Every sentence here is a template written for this project: meetings between officials of
many countries over fifteen years, agreements, trade and tourism figures, and the distractors
a search has to tell apart — the syllables of "Tập Cận Bình" used in other words ("tập
trung", "cận kề", "hòa bình"), "biến động" beside "Biển Đông". A few events are far in the
future (planned for 2030+) and some articles print no date, as real news does. Articles run
through the real pipeline, so the knowledge base they build has the real schema and shape.

    from kbgen import articles
    for doc in articles(1000, seed=3): ...
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime, timedelta

from sukien.kb import countries, places
from sukien.record import Document

# (iso2, weight): Viet Nam's press meets its neighbours and partners most often.
PARTNERS = [("VN", 30), ("CN", 14), ("US", 9), ("JP", 8), ("KR", 7), ("RU", 6), ("LA", 6),
            ("KH", 5), ("TH", 4), ("IN", 4), ("FR", 3), ("DE", 3), ("AU", 3), ("SG", 3),
            ("ID", 3), ("MY", 2), ("PH", 2), ("GB", 2), ("IT", 1), ("BR", 1), ("CU", 1),
            ("NZ", 1), ("CA", 1), ("MN", 1), ("HU", 1), ("CZ", 1), ("PL", 1), ("TR", 1),
            ("EG", 1), ("ZA", 1), ("AR", 1), ("MX", 1), ("NL", 1), ("BE", 1), ("ES", 1)]
TITLES = ["Thủ tướng", "Bộ trưởng Ngoại giao", "Phó Thủ tướng", "Bộ trưởng Công Thương",
          "Chủ tịch Quốc hội"]
VN_SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
VN_GIVEN = ["Văn", "Minh", "Thanh", "Hồng", "Quốc", "Đức", "Hải", "Tuấn", "Hùng", "Phương",
            "Long", "Sơn", "Dũng", "Lan", "Hà", "Trung", "Khánh", "Nam"]
CN_SURNAMES = ["Vương", "Lý", "Trương", "Lưu", "Trần", "Dương", "Hoàng", "Triệu", "Chu", "Ngô"]
CN_GIVEN = ["Nghị", "Cường", "Kiến", "Quốc", "Hoa", "Minh", "Vĩ", "Lỗi", "Phong", "Hải", "Đào"]
LATIN = ["Ka", "Ro", "Mi", "Sa", "To", "Le", "An", "Vi", "Do", "Ma", "Ri", "Ne", "Lu", "Be"]
OUTLETS = [("VOV", "vov.vn"), ("Nhân Dân", "nhandan.vn"), ("Báo Quốc tế", "baoquocte.vn"),
           ("Quân đội nhân dân", "qdnd.vn"), ("TTXVN", "vietnamplus.vn"),
           ("Dân trí", "dantri.com.vn"), ("VnExpress", "vnexpress.net")]
SECTIONS = ["Thế giới", "Chính trị", "Kinh tế", "Đối ngoại", "Thời sự"]
FILLERS = [
    "Hai bên nhất trí tập trung thúc đẩy hợp tác trong các lĩnh vực kinh tế, thương mại và "
    "đầu tư, vì hòa bình, ổn định và phát triển của khu vực.",
    "Thời hạn hoàn thành dự án đã cận kề, các bộ ngành được yêu cầu tập trung nguồn lực và "
    "bình tĩnh xử lý các vướng mắc.",
    "Giá xăng dầu trong nước biến động mạnh trong tuần qua do ảnh hưởng của thị trường thế "
    "giới, các doanh nghiệp vận tải gặp nhiều khó khăn.",
    "Các chuyên gia cho rằng tình hình kinh tế thế giới còn nhiều biến động khó lường, đòi "
    "hỏi sự chủ động và linh hoạt trong điều hành.",
    "Hai bên khẳng định tầm quan trọng của việc duy trì hòa bình, ổn định, an ninh, an toàn "
    "và tự do hàng hải, hàng không ở Biển Đông.",
    "Đại diện các địa phương đề xuất tập trung đầu tư hạ tầng giao thông kết nối, bảo đảm "
    "bình đẳng trong tiếp cận các nguồn vốn.",
    "Theo số liệu thống kê, lượng khách quốc tế tiếp cận các dịch vụ du lịch trực tuyến tăng "
    "nhanh trong những năm gần đây.",
]
INDICATORS = [
    ("kim ngạch thương mại giữa {a} và {b} đạt {v} tỷ USD, tăng {p}% so với năm trước", 1e9),
    ("vốn đầu tư trực tiếp của {b} vào {a} đạt {v} triệu USD", 1e6),
    ("{a} đã đón {v} nghìn lượt khách du lịch từ {b}", 0),
]


def _countries() -> dict[str, str]:
    return {c.iso2: c.name_vi for c in countries()}


def _capitals() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for place in places():
        if place.kind in ("city", "municipality") and place.country:
            out.setdefault(place.country, []).append(place.name_vi)
    return out


class _People:
    """A stable cast: a few office holders per country, named as the press names them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.cast: dict[tuple[str, str], list[str]] = {}

    def name(self, iso2: str) -> str:
        rng = self.rng
        if iso2 == "VN":
            return f"{rng.choice(VN_SURNAMES)} {rng.choice(VN_GIVEN)} {rng.choice(VN_GIVEN)}"
        if iso2 == "CN":
            return f"{rng.choice(CN_SURNAMES)} {rng.choice(CN_GIVEN)}"
        first = "".join(rng.choice(LATIN) for _ in range(2)).capitalize()
        last = "".join(rng.choice(LATIN) for _ in range(3)).capitalize()
        return f"{first} {last}"

    def holder(self, iso2: str, title: str) -> str:
        key = (iso2, title)
        if key not in self.cast:
            self.cast[key] = [self.name(iso2) for _ in range(3)]
        return self.rng.choice(self.cast[key])


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], [w for _, w in weighted])[0]


def articles(count: int, seed: int = 7, start_year: int = 2011, end_year: int = 2025,
             xi_share: float = 0.006) -> Iterator[Document]:
    """``count`` distinct articles, deterministic for a seed; ``xi_share`` of them report a
    meeting with Xi Jinping (most with him in the headline)."""
    rng = random.Random(seed)
    names = _countries()
    cities = _capitals()
    people = _People(rng)
    span = (date(end_year, 12, 31) - date(start_year, 1, 1)).days
    for i in range(count):
        day = date(start_year, 1, 1) + timedelta(days=rng.randrange(span))
        a = "VN" if rng.random() < 0.6 else _pick(rng, PARTNERS)
        b = _pick(rng, [p for p in PARTNERS if p[0] != a])
        xi = rng.random() < xi_share
        if xi:
            a, b = (a if a != "CN" else "VN"), "CN"
        yield _article(i, rng, day, a, b, names, cities, people, xi)


def _article(i: int, rng: random.Random, day: date, a: str, b: str, names: dict[str, str],
             cities: dict[str, list[str]], people: _People, xi: bool) -> Document:
    host = rng.choice([a, b])
    city = rng.choice(cities.get(host) or [names[host]])
    title_a, title_b = rng.choice(TITLES), rng.choice(TITLES)
    person_a, person_b = people.holder(a, title_a), people.holder(b, title_b)
    if xi:
        title_b, person_b = "Chủ tịch", "Tập Cận Bình"
    event_day = day - timedelta(days=rng.randint(0, 2))
    verb = rng.choice(["hội đàm với", "hội kiến", "tiếp", "gặp", "điện đàm với"])
    lead = (f"{title_a} {names[a]} {person_a} {verb} {title_b} {names[b]} {person_b}")
    if xi and rng.random() < 0.7:
        headline = f"{title_b} Trung Quốc {person_b} {verb} {title_a} {names[a]}"
    else:
        headline = lead
    dated = rng.random() > 0.04
    when = f"Ngày {event_day.day}/{event_day.month}/{event_day.year}, " if dated else ""
    body = [f"{when}tại {city}, {title_a} {names[a]} {person_a} đã {verb} {title_b} "
            f"{names[b]} {person_b}."]
    if xi:
        body.append("Chủ tịch Tập Cận Bình nhấn mạnh quan hệ hữu nghị truyền thống; Chủ tịch "
                    "Tập Cận Bình cũng đề nghị hai bên tăng cường trao đổi đoàn các cấp.")
    if rng.random() < 0.35:
        body.append(f"Cùng ngày, hai bên đã ký kết {rng.randint(2, 15)} văn kiện hợp tác trong "
                    f"các lĩnh vực thương mại, đầu tư và giáo dục.")
    if rng.random() < 0.5:
        template, scale = rng.choice(INDICATORS)
        value = rng.randint(2, 900) if scale else rng.randint(50, 900)
        body.append(f"Năm {day.year - 1}, " + template.format(
            a=names[a], b=names[b], v=value, p=rng.randint(1, 30)) + ".")
    if rng.random() < 0.01:
        far = day.year + rng.randint(6, 12)
        body.append(f"Dự kiến vào năm {far}, {title_a} {person_a} sẽ thăm chính thức "
                    f"{names[b]}.")
    body += rng.sample(FILLERS, rng.randint(1, 3))
    outlet, domain = OUTLETS[i % len(OUTLETS)]
    stamp = (f"{day.day:02d}/{day.month:02d}/{day.year} {8 + i % 10:02d}:{i % 60:02d}"
             if rng.random() > 0.02 else "")
    text = (f"Chuyên mục: {rng.choice(SECTIONS)}\n{headline}\n{stamp}\n\n"
            + "\n\n".join(body)
            + f"\n\nTheo https://{domain}/bai-viet-{i:06d}.html\n")
    reference = datetime(day.year, day.month, day.day, 20, 0)
    return Document(path=f"generated/{outlet.lower().replace(' ', '-')}/{i:06d}.txt",
                    raw=text.encode("utf-8"), reference_time=reference)
