"""Ủy ban nhân dân xã Tân Lương: a smaller commune, invented for the demo, under the same city.

Its plan has the other shape of DOMAIN.md: ten numbered tasks under "Nhiệm vụ trọng tâm và giải
pháp", duties written per civil-servant post, and periodic reports every 6 months and yearly with
the Nghị định 09/2019/NĐ-CP spans (15/12 to 14/6, 15/12 to 14/12). Deadlines fall two working days
after the cut-off: 14/6/2026 is a Sunday, so reports are due by 16/6 ("trước ngày 17/6/2026");
14/12/2026 is a Monday, so by 16/12 ("trước ngày 17/12/2026").
"""

from reports.demo.helpers import CONTINUOUS, day, due_month, due_on, due_quarter, moment

VPTK = "Công chức Văn phòng - Thống kê"
TPHT = "Công chức Tư pháp - Hộ tịch"
TCKT = "Công chức Tài chính - Kế toán"
VHXH = "Công chức Văn hóa - Xã hội"
DCXD = "Công chức Địa chính - Xây dựng"
CONG_AN = "Công an xã"
MTTQ = "Ủy ban Mặt trận Tổ quốc Việt Nam xã"
THON = "Các thôn"

ORGANIZATION = {
    "code": "tan-luong",
    "name": "Ủy ban nhân dân xã Tân Lương",
    "header_name": "ỦY BAN NHÂN DÂN\nXÃ TÂN LƯƠNG",
    "place_name": "Tân Lương",
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

ACCOUNTS = [
    {"username": "tanluong", "first_name": "Đinh Thị", "last_name": "Mai", "role": "editor", "unit": VHXH,
     "note": "công chức Văn hóa - Xã hội xã Tân Lương: soạn kế hoạch, tổng hợp báo cáo của xã"},
]

PLAN_2026 = {
    "title": "Thực hiện công tác dân vận chính quyền năm 2026",
    "year": 2026,
    "period_label": "Năm 2026",
    "period_start": day("01/01/2026"),
    "period_end": day("31/12/2026"),
    "implements": None,
    "drafting_unit": VHXH,
    "created_by": "tanluong",
    "intro": "Ủy ban nhân dân xã Tân Lương ban hành Kế hoạch thực hiện công tác dân vận chính quyền năm 2026 "
             "như sau:",
    "closing": "Trên đây là Kế hoạch thực hiện công tác dân vận chính quyền năm 2026 của Ủy ban nhân dân xã "
               "Tân Lương; các công chức chuyên môn căn cứ nhiệm vụ được giao nghiêm túc tổ chức thực hiện./.",
    "appendix_title": "Bảng phân công nhiệm vụ công tác dân vận chính quyền năm 2026",
    "recipients": [
        "Thường trực Đảng ủy xã;",
        "Thường trực HĐND xã;",
        "CT, các PCT UBND xã;",
        "UBMTTQVN xã;",
        "Các công chức chuyên môn;",
        "Lưu: VT, VHXH.",
    ],
    "signer_authority": "TM. ỦY BAN NHÂN DÂN",
    "signer_title": "KT. CHỦ TỊCH",
    "signer_deputy_title": "PHÓ CHỦ TỊCH",
    "signer_name": "Nguyễn Văn Thành",
    "issue": {
        "number": 9, "issued_on": day("16/01/2026"), "clerk": None, "approver": None,
        "submitted_at": moment("13/01/2026 14:00"), "approved_at": moment("15/01/2026 09:00"),
    },
    "citations": [
        ("33/CT-TTg", "basis"),
        ("23-QĐ/TW", "basis"),
        ("Luật Thực hiện dân chủ ở cơ sở", "carry_out"),
        ("59/2023/NĐ-CP", "carry_out"),
        ("61/2023/NĐ-CP", "carry_out"),
        ("09/2019/NĐ-CP", "carry_out"),
    ],
    "sections": [
        ("MỤC ĐÍCH, YÊU CẦU", "\n".join([
            "1. Mục đích",
            "- Đưa Chỉ thị số 33/CT-TTg và Quy chế công tác dân vận của hệ thống chính trị thành những việc "
            "làm cụ thể của Ủy ban nhân dân xã và của từng công chức chuyên môn trong năm 2026.",
            "- Xây dựng đội ngũ cán bộ, công chức xã gần dân, trọng dân, tận tụy phục vụ Nhân dân; giải quyết "
            "nhanh, đúng quy định thủ tục hành chính và kiến nghị của người dân, củng cố niềm tin của Nhân dân "
            "với chính quyền.",
            "- Phát huy quyền làm chủ của Nhân dân theo Luật Thực hiện dân chủ ở cơ sở, tạo đồng thuận trong "
            "thực hiện các nhiệm vụ phát triển kinh tế - xã hội của xã.",
            "2. Yêu cầu",
            "- Mỗi nhiệm vụ có công chức chủ trì, công chức phối hợp, thời hạn và sản phẩm cụ thể; công tác dân "
            "vận gắn với công việc chuyên môn hằng ngày.",
            "- Chủ tịch, các Phó Chủ tịch Ủy ban nhân dân xã và công chức chuyên môn gương mẫu, lắng nghe ý kiến "
            "và chịu sự giám sát của Nhân dân.",
            "- Báo cáo đúng kỳ, đúng hạn, số liệu trung thực theo Nghị định số 09/2019/NĐ-CP ngày 24/01/2019 của "
            "Chính phủ quy định về chế độ báo cáo của cơ quan hành chính nhà nước.",
        ])),
        ("NHIỆM VỤ TRỌNG TÂM VÀ GIẢI PHÁP", "\n".join([
            "1. Quán triệt, tuyên truyền Chỉ thị số 33/CT-TTg, Quyết định số 23-QĐ/TW, Luật Thực hiện dân chủ "
            "ở cơ sở và Nghị định số 59/2023/NĐ-CP đến cán bộ, công chức và Nhân dân qua hội nghị, loa truyền "
            "thanh và sinh hoạt thôn.",
            "2. Công khai đầy đủ, kịp thời các nội dung phải công khai theo Luật Thực hiện dân chủ ở cơ sở tại "
            "trụ sở Ủy ban nhân dân xã và nhà văn hóa các thôn.",
            "3. Đẩy mạnh cải cách hành chính: giải quyết hồ sơ đúng hẹn, không để hồ sơ quá hạn; hướng dẫn "
            "người dân sử dụng dịch vụ công trực tuyến.",
            "4. Tiếp công dân theo lịch; giải quyết dứt điểm đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh "
            "thuộc thẩm quyền của xã.",
            "5. Tổ chức ít nhất một hội nghị đối thoại giữa Chủ tịch Ủy ban nhân dân xã với Nhân dân trong năm.",
            "6. Triển khai phong trào thi đua “Dân vận khéo”; mỗi lĩnh vực đăng ký và xây dựng ít nhất một mô "
            "hình.",
            "7. Thực hiện đúng đối tượng, công khai các chính sách an sinh xã hội, người có công, hỗ trợ hộ "
            "nghèo, hộ cận nghèo.",
            "8. Công khai, minh bạch việc quản lý, sử dụng ngân sách xã và các khoản đóng góp tự nguyện của "
            "Nhân dân.",
            "9. Làm tốt công tác hộ tịch, chứng thực, hòa giải ở cơ sở và phổ biến, giáo dục pháp luật.",
            "10. Hướng dẫn các thôn rà soát, sửa đổi, bổ sung hương ước, quy ước theo Nghị định số "
            "61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ.",
        ])),
        ("TỔ CHỨC THỰC HIỆN", "\n".join([
            "1. Công chức Văn hóa - Xã hội: là đầu mối giúp Ủy ban nhân dân xã theo dõi, đôn đốc thực hiện Kế "
            "hoạch; chủ trì các nhiệm vụ 1, 6, 7 và 10; tổng hợp báo cáo định kỳ 6 tháng, năm trình Chủ tịch "
            "Ủy ban nhân dân xã.",
            "2. Công chức Văn phòng - Thống kê: chủ trì các nhiệm vụ 2, 3, 4 và 5; bố trí lịch tiếp công dân, "
            "hội nghị đối thoại; theo dõi việc niêm yết công khai tại trụ sở.",
            "3. Công chức Tư pháp - Hộ tịch: chủ trì nhiệm vụ 9; phối hợp thực hiện các nhiệm vụ 4 và 10, hướng "
            "dẫn các thôn xây dựng hương ước, quy ước đúng trình tự.",
            "4. Công chức Tài chính - Kế toán: chủ trì nhiệm vụ 8; bảo đảm kinh phí thực hiện Kế hoạch.",
            "5. Công chức Địa chính - Xây dựng: phối hợp thực hiện các nhiệm vụ 3, 4 và 5 trong lĩnh vực đất "
            "đai, xây dựng, môi trường; giải thích, hướng dẫn người dân khi có kiến nghị.",
            "6. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã và các thôn phối hợp tuyên truyền, vận động Nhân "
            "dân và giám sát việc thực hiện Kế hoạch.",
            "7. Chế độ báo cáo: các công chức chuyên môn báo cáo kết quả về Ủy ban nhân dân xã (qua công chức "
            "Văn hóa - Xã hội) định kỳ 6 tháng và năm: báo cáo 6 tháng trước ngày 17/6/2026, số liệu từ ngày "
            "15/12/2025 đến ngày 14/6/2026; báo cáo năm trước ngày 17/12/2026, số liệu từ ngày 15/12/2025 "
            "đến ngày 14/12/2026.",
        ])),
    ],
    "tasks": [
        {"content": "Quán triệt, tuyên truyền Chỉ thị số 33/CT-TTg, Quyết định số 23-QĐ/TW, Luật Thực hiện dân "
                    "chủ ở cơ sở và Nghị định số 59/2023/NĐ-CP",
         "lead": VHXH, "coordinating": [VPTK, MTTQ, THON], "due": due_quarter(1, 2026),
         "output": "Hội nghị quán triệt; tin bài trên loa truyền thanh xã"},
        {"content": "Công khai các nội dung phải công khai theo Luật Thực hiện dân chủ ở cơ sở tại trụ sở và "
                    "nhà văn hóa các thôn",
         "lead": VPTK, "coordinating": [TCKT, DCXD], "due": CONTINUOUS,
         "output": "Bảng niêm yết công khai được cập nhật"},
        {"content": "Giải quyết hồ sơ thủ tục hành chính đúng hẹn; hướng dẫn người dân sử dụng dịch vụ công "
                    "trực tuyến",
         "lead": VPTK, "coordinating": [TPHT, DCXD], "due": CONTINUOUS,
         "output": "Báo cáo tỷ lệ hồ sơ giải quyết đúng hẹn"},
        {"content": "Tiếp công dân theo lịch; giải quyết dứt điểm đơn thư khiếu nại, tố cáo, kiến nghị, phản "
                    "ánh thuộc thẩm quyền",
         "lead": VPTK, "coordinating": [TPHT, DCXD, CONG_AN], "due": CONTINUOUS,
         "output": "Sổ tiếp công dân; báo cáo giải quyết đơn thư"},
        {"content": "Tổ chức hội nghị đối thoại giữa Chủ tịch Ủy ban nhân dân xã với Nhân dân",
         "lead": VPTK, "coordinating": [DCXD, MTTQ, THON], "due": due_on("30/09/2026"),
         "output": "Hội nghị đối thoại; thông báo kết luận"},
        {"content": "Triển khai phong trào thi đua “Dân vận khéo”; đăng ký, xây dựng mô hình “Dân vận khéo” "
                    "theo từng lĩnh vực",
         "lead": VHXH, "coordinating": [MTTQ], "due": due_month(3, 2026),
         "output": "Danh sách mô hình đăng ký"},
        {"content": "Thực hiện đúng đối tượng, công khai các chính sách an sinh xã hội, người có công, hỗ trợ "
                    "hộ nghèo, hộ cận nghèo",
         "lead": VHXH, "coordinating": [TCKT, THON], "due": CONTINUOUS,
         "output": "Danh sách đối tượng thụ hưởng được công khai"},
        {"content": "Công khai việc quản lý, sử dụng ngân sách xã và các khoản đóng góp tự nguyện của Nhân dân",
         "lead": TCKT, "coordinating": [VPTK], "due": due_quarter(4, 2026),
         "output": "Báo cáo công khai ngân sách"},
        {"content": "Thực hiện công tác hộ tịch, chứng thực, hòa giải ở cơ sở, phổ biến, giáo dục pháp luật",
         "lead": TPHT, "coordinating": [THON], "due": CONTINUOUS,
         "output": "Báo cáo kết quả hòa giải, phổ biến pháp luật"},
        {"content": "Hướng dẫn các thôn rà soát, sửa đổi, bổ sung hương ước, quy ước theo Nghị định số "
                    "61/2023/NĐ-CP",
         "lead": VHXH, "coordinating": [TPHT, MTTQ, THON], "due": due_on("30/11/2026"),
         "output": "Hương ước, quy ước các thôn được rà soát"},
    ],
    "rounds": [
        {"name": "Báo cáo 6 tháng đầu năm 2026", "deadline": day("17/06/2026"),
         "period_start": day("15/12/2025"), "period_end": day("14/06/2026")},
        {"name": "Báo cáo năm 2026", "deadline": day("17/12/2026"),
         "period_start": day("15/12/2025"), "period_end": day("14/12/2026")},
    ],
}

PLANS = [PLAN_2026]
