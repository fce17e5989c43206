"""Ủy ban nhân dân xã Hòa Phong: the other shape of plan (REPORTS.md §1, Shape B), brought in as a
user would bring it in: through the importer, from the text of the plan in this package
(hoa-phong-2025.txt: our own words on the facts of the real Hòa Phong plan).

Section II lists the commune's ten lines of work as body text that names no unit; section III names
each civil-servant post with its duties. Imported, those duties become continuous duties the posts
report on in each round, printed inside section III with no appendix. The rounds are the NĐ 09/2019
periods the plan asks for ("định kỳ 6 tháng, một năm").

The one correction a reviewer makes on the review page is `unit_map`: the text says "Công chức
Văn phòng UBND xã" for the post the commune's list calls "Công chức Văn phòng - Thống kê".
"""

from pathlib import Path

from reports.demo.helpers import day, moment

VPTK = "Công chức Văn phòng - Thống kê"
TPHT = "Công chức Tư pháp - Hộ tịch"
TCKT = "Công chức Tài chính - Kế toán"
VHXH = "Công chức Văn hóa - Xã hội"
DCXD = "Công chức Địa chính - Xây dựng"
CONG_AN = "Công an xã"
MTTQ = "Ủy ban Mặt trận Tổ quốc Việt Nam xã"
THON = "Các thôn"

ORGANIZATION = {
    "code": "hoa-phong",
    "name": "Ủy ban nhân dân xã Hòa Phong",
    "header_name": "ỦY BAN NHÂN DÂN\nXÃ HÒA PHONG",
    "place_name": "Hòa Phong",
    "issuer_symbol": "UBND",
    "authority_line": "TM. ỦY BAN NHÂN DÂN",
    "parent": "hai-phong",
}

UNITS = [
    {"name": VPTK, "short_name": "VP-TK", "kind": "post", "head_name": "Lương Thị Thu Trang"},
    {"name": TPHT, "short_name": "TP-HT", "kind": "post", "head_name": "Phạm Quang Huy"},
    {"name": TCKT, "short_name": "TC-KT", "kind": "post", "head_name": "Nguyễn Thị Hải Yến"},
    {"name": VHXH, "short_name": "VHXH", "kind": "post", "head_name": "Đinh Thị Mai",
     "contact_name": "Đinh Thị Mai", "contact_title": "công chức Văn hóa - Xã hội"},
    {"name": DCXD, "short_name": "ĐC-XD", "kind": "post", "head_name": "Trịnh Văn Long"},
    {"name": CONG_AN, "short_name": "CA", "kind": "external"},
    {"name": MTTQ, "short_name": "UBMTTQVN", "kind": "external"},
    {"name": THON, "short_name": "Thôn", "kind": "external"},
]

# The account keeps the user name of the earlier demo commune (README lists it).
ACCOUNTS = [
    {"username": "tanluong", "first_name": "Đinh Thị", "last_name": "Mai", "role": "editor", "unit": VHXH,
     "note": "công chức Văn hóa - Xã hội xã Hòa Phong: soạn kế hoạch, tổng hợp báo cáo của xã"},
]

PLANS: list[dict] = []

# Plans entered through the importer: the source text, who imports it, the reviewer's unit choices
# (source name -> unit name of UNITS) and, for an issued plan, its number and date.
IMPORTED_PLANS = [
    {
        "source": Path(__file__).with_name("hoa-phong-2025.txt"),
        "created_by": "tanluong",
        "unit_map": {"Công chức Văn phòng UBND xã": VPTK},
        "issue": {
            "number": 12, "issued_on": day("15/01/2025"), "clerk": None, "approver": None,
            "submitted_at": moment("13/01/2025 14:00"), "approved_at": moment("14/01/2025 09:00"),
        },
    },
]
