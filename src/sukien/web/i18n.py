"""Interface labels in Vietnamese and English (data stays in the language it was written)."""

from __future__ import annotations

LANGS = ("vi", "en")

LABELS: dict[str, tuple[str, str]] = {  # key: (vi, en)
    "app": ("sukien · cơ sở tri thức tin tức", "sukien · news knowledge base"),
    "nav_search": ("Tìm kiếm", "Search"),
    "nav_timeline": ("Dòng thời gian", "Timeline"),
    "nav_network": ("Mạng quan hệ", "Network"),
    "nav_figures": ("Số liệu", "Figures"),
    "switch_lang": ("English", "Tiếng Việt"),
    "query": ("Từ khóa", "Query"),
    "query_ph": ("ví dụ: quang dong, Bùi Thanh Sơn, Guangdong",
                 "e.g. quang dong, Bùi Thanh Sơn, Guangdong"),
    "search": ("Tìm", "Search"),
    "filter": ("Lọc", "Filter"),
    "reset": ("Xóa bộ lọc", "Reset"),
    "date_from": ("Từ ngày", "From"),
    "date_to": ("Đến ngày", "To"),
    "entity": ("Thực thể", "Entity"),
    "entity_ph": ("tên người, cơ quan, địa danh", "person, organisation or place"),
    "event_type": ("Loại sự kiện", "Event type"),
    "any": ("Tất cả", "Any"),
    "side": ("Bên", "Side"),
    "side_ph": ("VN, CN, ASEAN…", "VN, CN, ASEAN…"),
    "outlet": ("Cơ quan báo chí", "Outlet"),
    "results": ("Kết quả", "Results"),
    "latest": ("Bài mới nhất", "Latest articles"),
    "no_results": ("Không tìm thấy bài nào.", "No article found."),
    "page": ("Trang", "Page"),
    "prev": ("← Trước", "← Previous"),
    "next": ("Sau →", "Next →"),
    "matching_entities": ("Thực thể khớp", "Matching entities"),
    "duplicate": ("bản đăng lại", "republished copy"),
    "published": ("Ngày đăng", "Published"),
    "authors": ("Tác giả", "Authors"),
    "section": ("Chuyên mục", "Section"),
    "source": ("Nguồn", "Source"),
    "raw": ("Trang gốc (văn bản thô)", "Raw page as stored"),
    "legend": ("Chú giải", "Legend"),
    "person": ("Người", "Person"),
    "org": ("Tổ chức", "Organisation"),
    "place": ("Địa danh", "Place"),
    "misc": ("Văn kiện, sáng kiến", "Agreement, initiative"),
    "evidence_hl": ("Câu nêu sự kiện", "Event evidence"),
    "figure_hl": ("Số liệu", "Figure"),
    "events": ("Sự kiện", "Events"),
    "no_events": ("Không có sự kiện.", "No event."),
    "figures": ("Số liệu", "Figures"),
    "no_figures": ("Không có số liệu.", "No figure."),
    "date": ("Ngày", "Date"),
    "type": ("Loại", "Type"),
    "status": ("Trạng thái", "Status"),
    "location": ("Địa điểm", "Place"),
    "people": ("Người tham gia", "Participants"),
    "sides": ("Các bên", "Sides"),
    "summary": ("Tóm tắt", "Summary"),
    "evidence": ("Câu dẫn chứng", "Evidence"),
    "statements": ("Phát biểu", "Statements"),
    "value": ("Giá trị", "Value"),
    "unit": ("Đơn vị", "Unit"),
    "usd": ("Quy đổi USD", "In USD"),
    "period": ("Kỳ", "Period"),
    "change": ("Thay đổi", "Change"),
    "parties": ("Các bên liên quan", "Parties"),
    "indicator": ("Chỉ tiêu", "Indicator"),
    "party": ("Bên liên quan", "Party"),
    "party_ph": ("ví dụ: Quảng Tây, ASEAN", "e.g. Quảng Tây, ASEAN"),
    "captions": ("Chú thích ảnh", "Captions"),
    "timeline_title": ("Dòng thời gian sự kiện", "Event timeline"),
    "network_title": ("Ai gặp ai", "Who met whom"),
    "network_help": (
        "Mỗi nút là một người (kích thước theo số sự kiện, màu theo quốc gia); "
        "mỗi cạnh nối hai người cùng tham gia một sự kiện.",
        "Each node is a person (sized by number of events, coloured by country); "
        "each edge joins two people who took part in the same event."),
    "side_pairs": ("Các cặp bên", "Pairs of sides"),
    "count": ("Số sự kiện", "Events"),
    "no_people": ("Không có người tham gia nào với bộ lọc này.",
                  "No participant matches these filters."),
    "country": ("Quốc gia", "Country"),
    "latin": ("Tên Latin / tiếng Anh", "Latin / English name"),
    "aliases": ("Tên khác", "Aliases"),
    "roles": ("Chức vụ theo thời gian", "Roles over time"),
    "title": ("Chức vụ", "Title"),
    "title_en": ("Chức vụ (tiếng Anh)", "English title"),
    "first_seen": ("Lần đầu", "First seen"),
    "last_seen": ("Lần cuối", "Last seen"),
    "n_articles": ("Số bài", "Articles"),
    "meetings": ("Các cuộc gặp, sự kiện", "Meetings and events"),
    "partners": ("Người cùng tham gia", "Co-participants"),
    "mentioned_in": ("Được nhắc đến trong", "Mentioned in"),
    "figures_title": ("Số liệu theo kỳ", "Figures over periods"),
    "figures_help": (
        "Mỗi biểu đồ một chỉ tiêu và đơn vị (tiền quy đổi sang USD); mỗi màu một nhóm bên "
        "liên quan. Số liệu đơn lẻ chỉ có trong bảng.",
        "One chart per indicator and unit (money converted to USD); one colour per group of "
        "parties. A lone figure is in the table only."),
    "not_found": ("Không tìm thấy", "Not found"),
    "not_found_text": ("Trang bạn tìm không có trong cơ sở tri thức.",
                       "The page you asked for is not in the knowledge base."),
    "back_home": ("Về trang tìm kiếm", "Back to search"),
    "kind": ("Loại thực thể", "Kind"),
    "open_article": ("Mở bài báo", "Open article"),
    "happened": ("đã diễn ra", "happened"),
    "planned": ("dự kiến", "planned"),
    "proposed": ("đề xuất", "proposed"),
    "denied": ("không diễn ra", "denied"),
    "events_n": ("sự kiện", "events"),
}


def labels(lang: str) -> dict[str, str]:
    i = 1 if lang == "en" else 0
    return {key: pair[i] for key, pair in LABELS.items()}

QUALIFIERS = {  # the pipeline's English qualifier → (Vietnamese, chart symbol)
    "more than": ("hơn", ">"), "at least": ("ít nhất", "≥"), "about": ("khoảng", "~"),
    "nearly": ("gần", "~"), "almost": ("gần", "~"), "less than": ("dưới", "<"),
    "up to": ("tới", "≤"), "over": ("hơn", ">"),
}


def qualifier(value: str | None, lang: str, symbol: bool = False) -> str:
    """A figure's qualifier in the page language ("more than" → "hơn"), or as a symbol."""
    if not value:
        return ""
    vi, sym = QUALIFIERS.get(value, (value, value))
    return sym if symbol else (value if lang == "en" else vi)
