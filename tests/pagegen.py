"""Small generated news pages (text dumps) for tests that need many distinct ones: a title,
a dateline and three paragraphs built from templates of our own, varied by a number so that
every page has its own bytes and its own body."""

from __future__ import annotations

from pathlib import Path

PROVINCES = ("Lạng Sơn", "Cao Bằng", "Quảng Ninh", "Lào Cai", "Hà Giang", "Điện Biên",
             "Thái Nguyên", "Bắc Giang", "Nghệ An", "Quảng Trị", "Đắk Lắk", "Cần Thơ")
PARTNERS = ("Quảng Tây", "Vân Nam", "Quảng Đông", "Hải Nam", "Tứ Xuyên", "Quý Châu")
NAMES = ("Nguyễn Văn Hải", "Trần Thị Lan", "Lê Minh Tuấn", "Phạm Quốc Bảo", "Hoàng Thu Hà",
         "Vũ Đức Thắng", "Đỗ Thanh Tùng", "Bùi Ngọc Ánh")
SECTORS = ("nông sản", "du lịch", "logistics", "giáo dục", "y tế", "năng lượng tái tạo",
           "chế biến gỗ", "thương mại điện tử")


def page(i: int) -> str:
    """A page of its own for every ``i``: other figures, names, places and sectors."""
    province = PROVINCES[i % len(PROVINCES)]
    partner = PARTNERS[(i // 3) % len(PARTNERS)]
    name = NAMES[(i // 2) % len(NAMES)]
    sector = SECTORS[(i // 5) % len(SECTORS)]
    day, month = 1 + i % 27, 1 + (i // 27) % 12
    value = 100 + i * 7 % 900
    share = 3 + i % 17
    return (
        f"{province} và {partner} thúc đẩy hợp tác {sector} (bản tin số {i})\n"
        f"Thứ Hai, {day:02d}/{month:02d}/2025 08:30\n\n"
        f"Ngày {day}/{month}, tại thành phố thủ phủ của tỉnh {province}, ông {name}, "
        f"Phó Chủ tịch UBND tỉnh {province}, đã tiếp đoàn công tác của tỉnh {partner} "
        f"(Trung Quốc) sang làm việc về hợp tác trong lĩnh vực {sector}.\n\n"
        f"Tại buổi làm việc, hai bên đánh giá kim ngạch trao đổi {sector} năm 2024 đạt "
        f"{value} triệu USD, tăng {share}% so với năm trước, và thống nhất lập tổ công tác "
        f"chung số {i} để theo dõi {i % 9 + 2} dự án đang triển khai.\n\n"
        f"Phát biểu kết thúc buổi làm việc, ông {name} đề nghị phía {partner} tạo điều kiện "
        f"cho doanh nghiệp của {province} tham gia hội chợ lần thứ {i % 40 + 1} và mở rộng "
        f"hợp tác {sector} trong giai đoạn tới.\n"
    )


def write_pages(folder: Path, numbers: range | list[int]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in numbers:
        path = folder / f"page-{i:05d}.txt"
        path.write_text(page(i), encoding="utf-8")
        paths.append(path)
    return paths
