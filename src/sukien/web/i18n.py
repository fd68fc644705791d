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
        "Mỗi biểu đồ một chỉ tiêu và một đơn vị (tiền quy đổi sang USD), trên trục thời gian "
        "thật: mỗi kỳ một vạch ngang, chấm ở giá trị trung bình, râu từ thấp nhất đến cao nhất "
        "được nêu; mỗi màu một nhóm bên liên quan.",
        "One chart per indicator and unit (money converted to USD), on a real time axis: a "
        "bar across each period, a dot at the mean value cited, a whisker from the lowest to "
        "the highest; one colour per group of parties."),
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
    "skip": ("Bỏ qua, đến nội dung chính", "Skip to main content"),
    "nav_map": ("Bản đồ", "Map"),
    "search_title": ("Tìm kiếm bài báo", "Search articles"),
    "exact": ("Phân biệt dấu (Biển Đông ≠ biến động)", "Match diacritics (Biển Đông ≠ biến động)"),
    "order": ("Sắp xếp", "Order"),
    "order_relevance": ("Liên quan nhất", "Most relevant"),
    "order_newest": ("Mới nhất", "Newest"),
    "query_help": (
        "Các từ liền nhau được tìm như một cụm; ngăn các cụm bằng dấu phẩy; "
        "\"…\" để tìm đúng cụm, OR để chọn một trong hai, -từ để loại trừ.",
        "Adjacent words are searched as a phrase; separate phrases with commas; "
        "\"…\" for an exact phrase, OR for either, -word to exclude."),
    "read_as": ("Đã tìm", "Searched for"),
    "n_results": ("kết quả", "results"),
    "showing": ("Hiển thị", "Showing"),
    "of": ("trên", "of"),
    "facets": ("Lọc theo", "Refine"),
    "facet_type": ("Loại sự kiện", "Event type"),
    "facet_side": ("Bên", "Side"),
    "facet_topic": ("Chủ đề", "Topic"),
    "facet_outlet": ("Cơ quan báo chí", "Outlet"),
    "facet_year": ("Năm", "Year"),
    "values_shown": ("giá trị", "values"),
    "export": ("Tải xuống", "Download"),
    "export_all": ("toàn bộ kết quả", "all results"),
    "topic": ("Chủ đề", "Topic"),
    "period_by": ("Theo", "By"),
    "auto": ("Tự động", "Auto"),
    "day": ("ngày", "day"),
    "week": ("tuần", "week"),
    "month": ("tháng", "month"),
    "year": ("năm", "year"),
    "events_total": ("sự kiện", "events"),
    "undated": ("không có ngày", "undated"),
    "undated_note": ("sự kiện không có ngày (không nằm trên trục)",
                     "events without a date (not on the axis)"),
    "imprecise_note": ("sự kiện chỉ có tháng hoặc năm — xem theo tháng/năm để thấy",
                       "events dated only to a month or year — view by month/year to see them"),
    "outliers": ("Ngoài trục", "Off the axis"),
    "outliers_note": ("sự kiện xa phần còn lại, không kéo giãn trục:",
                      "events far from the rest, kept off the axis:"),
    "brush_help": ("Kéo chuột trên biểu đồ để phóng to một khoảng thời gian; bấm một cột để xem "
                   "các sự kiện của kỳ đó.",
                   "Drag across the chart to zoom to a date range; click a bar to list its "
                   "events."),
    "inferred": ("ngày suy ra", "inferred date"),
    "printed": ("ngày ghi trong bài", "date as printed"),
    "chart_table": ("Bảng số liệu của biểu đồ", "The chart as a table"),
    "total": ("Tổng", "Total"),
    "level": ("Cấp", "Level"),
    "level_country": ("Quốc gia", "Countries"),
    "level_person": ("Cá nhân", "People"),
    "network_help_country": (
        "Mỗi nút là một quốc gia hoặc khối (kích thước theo số sự kiện); mỗi dây nối hai bên "
        "cùng tham gia sự kiện, càng dày càng nhiều.",
        "Each node is a country or bloc (sized by its events); each chord joins two sides of "
        "the same events, thicker for more."),
    "network_help_person": (
        "Những người gặp nhiều người khác nhất (màu theo quốc gia); mỗi dây nối hai người cùng "
        "tham gia sự kiện.",
        "The people who met the most others (coloured by country); each chord joins two people "
        "who took part in the same events."),
    "nodes_shown": ("nút", "nodes"),
    "pairs_shown": ("cặp", "pairs"),
    "partners_n": ("người cùng tham gia", "co-participants"),
    "map_title": ("Bản đồ sự kiện", "Map of events"),
    "map_help": ("Mỗi vòng tròn là một địa điểm, kích thước theo số sự kiện. Nền là các ô có thị "
                 "trấn trong dữ liệu GeoNames.",
                 "Each circle is a place, sized by its events. The background shows the cells "
                 "where GeoNames lists towns."),
    "unplaced": ("Địa điểm chưa có toạ độ", "Places without coordinates"),
    "no_place": ("sự kiện không nêu địa điểm", "events with no place"),
    "places": ("Địa điểm", "Places"),
    "no_party": ("không nêu bên", "no party named"),
    "series_shown": ("nhóm bên", "party groups"),
    "figures_drawn": ("số liệu trên biểu đồ", "figures on the chart"),
    "no_period": ("không rõ kỳ", "without a period"),
    "log_scale": ("thang log", "log scale"),
    "articles_n": ("bài báo", "articles"),
    "figures_n": ("số liệu", "figures"),
    "view_events": ("Xem các sự kiện", "List the events"),
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
