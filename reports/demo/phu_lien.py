"""Ủy ban nhân dân phường Phù Liễn: its units, people and plans.

The issued plan is the one in shared/samples/ke-hoach-phu-lien-2025 entered as structured data:
the prose is reworded, the facts (documents cited, units, contact, report deadlines, recipients,
signer) are the sample's. The sample's appendix table is not in its text, so the task table
below is written from the plan's content. Its number and date (125, 15/8/2025) are the demo's:
the sample leaves them out, and the plan was issued between 06/8/2025 and 03/9/2025.
"""

from reports.demo.helpers import CONTINUOUS, day, due_month, due_on, due_quarter, moment

VP = "Văn phòng HĐND và UBND"
KTHTDT = "Phòng Kinh tế, Hạ tầng và Đô thị"
VHXH = "Phòng Văn hóa - Xã hội"
TTPVHCC = "Trung tâm Phục vụ hành chính công phường"
TTSNC = "Trung tâm sự nghiệp công phường"
CONG_AN = "Công an phường"
MTTQ = "Ủy ban Mặt trận Tổ quốc Việt Nam phường"
TDP = "Các tổ dân phố"

ORGANIZATION = {
    "code": "phu-lien",
    "name": "Ủy ban nhân dân phường Phù Liễn",
    "header_name": "ỦY BAN NHÂN DÂN\nPHƯỜNG PHÙ LIỄN",
    "place_name": "Phù Liễn",
    "issuer_symbol": "UBND",
    "authority_line": "TM. ỦY BAN NHÂN DÂN",
    "parent": "hai-phong",
}

UNITS = [
    {"name": VP, "short_name": "VP", "kind": "office", "head_name": "Nguyễn Thị Bích Ngọc"},
    {"name": KTHTDT, "short_name": "KTHTĐT", "kind": "department", "head_name": "Trần Quốc Hưng"},
    {"name": VHXH, "short_name": "VHXH", "kind": "department", "head_name": "Lê Thị Thanh Huyền",
     "contact_name": "Hoàng Thị Thu Hà", "contact_title": "chuyên viên", "contact_phone": "0356 154 194"},
    {"name": TTPVHCC, "short_name": "TTPVHCC", "kind": "center", "head_name": "Phạm Thị Lan Anh"},
    {"name": TTSNC, "short_name": "TTSNC", "kind": "center", "head_name": "Vũ Đình Khải"},
    {"name": CONG_AN, "short_name": "CA", "kind": "external"},
    {"name": MTTQ, "short_name": "UBMTTQVN", "kind": "external"},
    {"name": TDP, "short_name": "TDP", "kind": "external"},
]

ACCOUNTS = [
    {"username": "admin", "first_name": "Nguyễn Minh", "last_name": "Quân", "role": "admin",
     "is_staff": True, "is_superuser": True,
     "note": "quản trị hệ thống: đơn vị, người dùng, phân quyền; vào được trang quản trị /quan-tri/"},
    {"username": "quantri", "first_name": "Lương Thị", "last_name": "Thảo", "role": "admin",
     "note": "quản trị cơ quan (không phải quản trị hệ thống): đơn vị, người dùng, vai trò qua mục “Quản trị cơ quan”"},
    {"username": "bientap", "first_name": "Hoàng Thị Thu", "last_name": "Hà", "role": "editor", "unit": VHXH,
     "note": "chuyên viên Phòng Văn hóa - Xã hội: soạn kế hoạch, giao nhiệm vụ, tổng hợp báo cáo"},
    {"username": "pheduyet", "first_name": "Phạm Văn", "last_name": "Diện", "role": "approver",
     "note": "Chủ tịch UBND phường: phê duyệt kế hoạch, báo cáo"},
    {"username": "vanthu", "first_name": "Đỗ Thị", "last_name": "Hằng", "role": "clerk", "unit": VP,
     "note": "văn thư: cấp số, ngày ban hành, tải bản chụp văn bản đã ký"},
    {"username": "baocao_vhxh", "first_name": "Vũ Thị Hồng", "last_name": "Nhung", "role": "reporter",
     "unit": VHXH, "note": "báo cáo tiến độ của Phòng Văn hóa - Xã hội"},
    {"username": "baocao_ttsn", "first_name": "Trần Đức", "last_name": "Thắng", "role": "reporter",
     "unit": TTSNC, "note": "báo cáo tiến độ của Trung tâm sự nghiệp công phường"},
    {"username": "xem", "first_name": "Bùi Văn", "last_name": "Tùng", "role": "viewer",
     "note": "Thường trực Đảng ủy phường: chỉ xem kế hoạch và báo cáo"},
]

RECIPIENTS = [
    "Thường trực Đảng ủy;",
    "CT, các PCT UBND phường;",
    "Các phòng chuyên môn;",
    "UBMTTQVN phường;",
    "Các ĐVSN thuộc phường;",
    "Lưu: VT, VHXH.",
]

SIGNER = {"signer_authority": "TM. ỦY BAN NHÂN DÂN", "signer_title": "CHỦ TỊCH", "signer_name": "Phạm Văn Diện"}

PLAN_2025 = {
    "title": "Triển khai thực hiện công tác dân vận của các cơ quan hành chính nhà nước, chính quyền cơ sở "
             "trên địa bàn phường Phù Liễn năm 2025",
    "year": 2025,
    "period_label": "6 tháng cuối năm 2025",
    "period_start": day("01/07/2025"),
    "period_end": day("31/12/2025"),
    "implements": "3177/QĐ-UBND",
    "drafting_unit": VHXH,
    "created_by": "bientap",
    # The printed plan opens with "Thực hiện <the decision it implements>" and one "Căn cứ" line per
    # basis citation, both built from the registry; the intro says only what the body adds.
    "intro": "Ủy ban nhân dân phường Phù Liễn ban hành Kế hoạch thực hiện công tác dân vận trên địa bàn phường "
             "6 tháng cuối năm 2025 với các nội dung sau:",
    "closing": "Ủy ban nhân dân phường đề nghị các phòng, đơn vị sự nghiệp thuộc phường nghiêm túc tổ chức "
               "thực hiện Kế hoạch này./.",
    "appendix_title": "Bảng tổng hợp nhiệm vụ, phân công trách nhiệm thực hiện công tác dân vận "
                      "6 tháng cuối năm 2025",
    "recipients": RECIPIENTS,
    **SIGNER,
    "issue": {
        "number": 125, "issued_on": day("15/08/2025"), "clerk": "vanthu", "approver": "pheduyet",
        "submitted_at": moment("12/08/2025 16:00"), "approved_at": moment("14/08/2025 10:30"),
    },
    # In the order the plan first mentions them; the decision it implements is its basis.
    "citations": [
        ("3177/QĐ-UBND", "basis"),
        ("33/CT-TTg", "carry_out"),
        ("16/CT-TTg", "carry_out"),
        ("114-KL/TW", "carry_out"),
        ("Nghị quyết Đại hội XIII của Đảng", "carry_out"),
        ("Luật Thực hiện dân chủ ở cơ sở", "carry_out"),
        ("Luật sửa đổi, bổ sung một số điều của Luật Mặt trận Tổ quốc Việt Nam, Luật Công đoàn, "
         "Luật Thanh niên và Luật Thực hiện dân chủ ở cơ sở", "carry_out"),
        ("1669/NQ-UBTVQH15", "carry_out"),
        ("23-QĐ/TW", "carry_out"),
        ("59/2023/NĐ-CP", "carry_out"),
        ("61/2023/NĐ-CP", "carry_out"),
        ("446-QĐ/TU", "carry_out"),
    ],
    "sections": [
        ("MỤC ĐÍCH, YÊU CẦU", "\n".join([
            "1. Mục đích",
            "- Các phòng chuyên môn, đơn vị sự nghiệp thuộc phường tổ chức quán triệt, tuyên truyền và triển "
            "khai đầy đủ các văn bản của Trung ương, thành phố và phường về công tác dân vận, gắn với việc "
            "thực hiện dân chủ ở cơ sở.",
            "- Nâng cao hiệu quả công tác dân vận của cơ quan hành chính nhà nước, chính quyền phường, tạo "
            "chuyển biến rõ nét từ nhận thức đến hành động; kịp thời cụ thể hóa chủ trương của Đảng về công "
            "tác dân vận; thực hiện có hiệu quả Chỉ thị số 33/CT-TTg, Chỉ thị số 16/CT-TTg ngày 16/5/2016 của "
            "Thủ tướng Chính phủ và Kết luận số 114-KL/TW ngày 14/7/2015 của Ban Bí thư Trung ương Đảng. Lãnh "
            "đạo, chỉ đạo, điều hành linh hoạt, sát thực tiễn; phát huy vai trò của công chức, viên chức, "
            "người lao động trong việc xây dựng chế độ, chính sách của cơ quan, đơn vị; giữ vững đoàn kết "
            "nội bộ.",
            "- Đẩy mạnh cải cách hành chính, cải thiện các chỉ số cải cách hành chính của phường; giải quyết "
            "kịp thời, đúng quy định những vấn đề liên quan đến quyền, lợi ích hợp pháp của cán bộ, đảng "
            "viên, công chức, viên chức và người lao động; xử lý dứt điểm đơn thư khiếu nại, tố cáo, không "
            "để tồn đọng, kéo dài, góp phần giữ vững ổn định và hoàn thành các chỉ tiêu, nhiệm vụ đã đề ra.",
            "- Giúp cán bộ, công chức, viên chức, trước hết là người đứng đầu, nhận thức đầy đủ vị trí, vai "
            "trò, trách nhiệm của mình trong công tác dân vận; gần dân, sát dân, thực hiện phong cách “trọng "
            "dân, gần dân, hiểu dân, học dân và có trách nhiệm với dân” của Chủ tịch Hồ Chí Minh.",
            "- Phát huy quyền làm chủ của Nhân dân, mở rộng dân chủ, công khai để dân biết, dân bàn, dân kiểm "
            "tra, dân giám sát; góp phần ngăn chặn, đẩy lùi suy thoái về tư tưởng chính trị, đạo đức, lối "
            "sống, biểu hiện “tự diễn biến”, “tự chuyển hóa”, xây dựng cơ quan, đơn vị trong sạch, vững mạnh.",
            "2. Yêu cầu",
            "- Nội dung công tác dân vận phải cụ thể, thiết thực, phù hợp với điều kiện của từng phòng, đơn "
            "vị; đề cao trách nhiệm người đứng đầu gắn với nhiệm vụ chính trị được giao; tăng cường phối hợp, "
            "kiểm tra, giám sát trong quá trình thực hiện.",
            "- Trưởng các phòng, đơn vị sự nghiệp thuộc phường trực tiếp lãnh đạo, chỉ đạo, kiểm tra, đôn đốc "
            "việc thực hiện Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ; kiên quyết đấu "
            "tranh, xử lý nghiêm những biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, “tự diễn "
            "biến”, “tự chuyển hóa”. Xác định thực hiện thắng lợi Đại hội Đảng các cấp và Nghị quyết Đại hội "
            "XIII của Đảng là mục tiêu cao nhất của các cơ quan, đơn vị trên địa bàn phường trong năm 2025.",
            "- Cán bộ, đảng viên, công chức, viên chức, người lao động, trước hết là người đứng đầu các phòng, "
            "đơn vị, gương mẫu thực hiện, cầu thị lắng nghe ý kiến và chịu sự giám sát của Nhân dân.",
        ])),
        ("NỘI DUNG", "\n".join([
            "1. Công tác tuyên truyền, phổ biến, quán triệt",
            "- Các phòng, đơn vị sự nghiệp thuộc phường tuyên truyền, phổ biến và tổ chức thực hiện các văn "
            "bản về công tác dân vận gắn với thực hiện dân chủ ở cơ sở, trọng tâm là: Luật Thực hiện dân chủ "
            "ở cơ sở ngày 10/11/2022; Luật sửa đổi, bổ sung một số điều của Luật Mặt trận Tổ quốc Việt Nam, "
            "Luật Công đoàn, Luật Thanh niên và Luật Thực hiện dân chủ ở cơ sở ngày 27/6/2025; Nghị quyết số "
            "1669/NQ-UBTVQH15 ngày 16/6/2025 của Ủy ban Thường vụ Quốc hội về việc sắp xếp đơn vị hành chính "
            "cấp xã của thành phố Hải Phòng năm 2025; Quyết định số 23-QĐ/TW ngày 30/7/2021 của Bộ Chính trị "
            "về việc ban hành Quy chế công tác dân vận của hệ thống chính trị; Nghị định số 59/2023/NĐ-CP "
            "ngày 14/8/2023 của Chính phủ quy định chi tiết một số điều của Luật Thực hiện dân chủ ở cơ sở; "
            "Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ về xây dựng và thực hiện hương ước, quy "
            "ước của cộng đồng dân cư; Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về tiếp "
            "tục tăng cường và đổi mới công tác dân vận của các cơ quan hành chính nhà nước, chính quyền các "
            "cấp trong tình hình mới; Quyết định số 446-QĐ/TU ngày 26/11/2021 của Ban Thường vụ Thành ủy về "
            "việc ban hành “Quy chế công tác dân vận của hệ thống chính trị tại thành phố Hải Phòng” và các "
            "văn bản có liên quan.",
            "- Đổi mới, nâng cao chất lượng tuyên truyền về công tác dân vận; đẩy mạnh phong trào thi đua "
            "“Dân vận khéo” gắn với nhiệm vụ phát triển kinh tế - xã hội năm 2025; lựa chọn, nhân rộng các mô "
            "hình “Dân vận khéo” tiêu biểu trên địa bàn phường Phù Liễn.",
            "2. Các nhiệm vụ 6 tháng cuối năm 2025",
            "Các phòng, đơn vị thực hiện các nhiệm vụ cụ thể theo Bảng tổng hợp nhiệm vụ, phân công trách "
            "nhiệm kèm theo Kế hoạch này.",
        ])),
        ("TỔ CHỨC THỰC HIỆN", "\n".join([
            "1. Phòng Văn hóa - Xã hội",
            "- Là đầu mối theo dõi, đôn đốc các phòng, đơn vị thực hiện Kế hoạch; kiểm tra, tổng hợp kết quả "
            "thực hiện công tác dân vận của cơ quan hành chính nhà nước và Ủy ban nhân dân phường, báo cáo "
            "theo quy định.",
            "- Tham mưu Ủy ban nhân dân phường về nội dung tuyên truyền công tác dân vận.",
            "2. Trung tâm sự nghiệp công phường",
            "Chủ trì, phối hợp với các phòng chuyên môn và các đơn vị có liên quan đẩy mạnh tuyên truyền về "
            "công tác dân vận chính quyền trên địa bàn phường.",
            "3. Các phòng, đơn vị sự nghiệp thuộc phường",
            "Theo chức năng, nhiệm vụ được giao, tổ chức thực hiện các nội dung tại Mục II của Kế hoạch (chi "
            "tiết tại Bảng tổng hợp nhiệm vụ kèm theo); chú trọng công tác dân vận trong các lĩnh vực trực "
            "tiếp giải quyết chế độ, chính sách cho người dân; báo cáo kết quả thực hiện về Ủy ban nhân dân "
            "phường (qua Phòng Văn hóa - Xã hội, đồng chí Hoàng Thị Thu Hà, chuyên viên, SĐT: 0356 154 194) "
            "để tổng hợp, trình lãnh đạo Ủy ban nhân dân phường:",
            "- Báo cáo lần 1 trước ngày 03/9/2025.",
            "- Báo cáo lần 2 trước ngày 02/12/2025.",
        ])),
    ],
    "tasks": [
        {"content": "Tổ chức quán triệt Chỉ thị số 33/CT-TTg, Quyết định số 23-QĐ/TW, Quyết định số 446-QĐ/TU "
                    "và các văn bản về công tác dân vận chính quyền đến toàn thể cán bộ, công chức, viên chức, "
                    "người lao động của phường",
         "lead": VHXH, "coordinating": [VP, TTSNC], "due": due_on("30/09/2025"),
         "output": "Hội nghị quán triệt; tin bài trên trang thông tin điện tử phường"},
        {"content": "Tuyên truyền trên hệ thống truyền thanh, trang thông tin điện tử phường về công tác dân "
                    "vận chính quyền, Luật Thực hiện dân chủ ở cơ sở và Luật sửa đổi, bổ sung năm 2025",
         "lead": TTSNC, "coordinating": [VHXH, MTTQ, TDP], "due": CONTINUOUS,
         "output": "Tin, bài phát thanh và đăng trên trang thông tin điện tử phường"},
        {"content": "Phát động phong trào thi đua “Dân vận khéo” năm 2025; hướng dẫn các phòng, đơn vị đăng "
                    "ký, xây dựng và nhân rộng mô hình “Dân vận khéo” trong lĩnh vực hành chính",
         "lead": VHXH, "coordinating": [VP, MTTQ], "due": due_month(10, 2025),
         "output": "Danh sách mô hình “Dân vận khéo” đăng ký năm 2025"},
        {"content": "Giải quyết thủ tục hành chính đúng hẹn, công khai, minh bạch; hướng dẫn tận tình, không "
                    "để người dân, doanh nghiệp đi lại nhiều lần; đẩy mạnh dịch vụ công trực tuyến",
         "lead": TTPVHCC, "coordinating": [VP, KTHTDT, VHXH], "due": CONTINUOUS,
         "output": "Báo cáo kết quả giải quyết thủ tục hành chính hằng tháng"},
        {"content": "Tiếp công dân định kỳ và đột xuất; tiếp nhận, xử lý, giải quyết dứt điểm đơn thư khiếu "
                    "nại, tố cáo, kiến nghị, phản ánh thuộc thẩm quyền, không để kéo dài, vượt cấp",
         "lead": VP, "coordinating": [KTHTDT, CONG_AN], "due": CONTINUOUS,
         "output": "Sổ tiếp công dân; báo cáo kết quả giải quyết đơn thư"},
        {"content": "Rà soát, công khai các nội dung phải công khai theo Luật Thực hiện dân chủ ở cơ sở và "
                    "Nghị định số 59/2023/NĐ-CP tại trụ sở và trên trang thông tin điện tử phường",
         "lead": VP, "coordinating": [VHXH, MTTQ], "due": due_quarter(3, 2025),
         "output": "Danh mục nội dung công khai; báo cáo kết quả rà soát"},
        {"content": "Hướng dẫn các tổ dân phố rà soát, sửa đổi, bổ sung hương ước, quy ước theo Nghị định số "
                    "61/2023/NĐ-CP, phù hợp với địa bàn phường sau sắp xếp",
         "lead": VHXH, "coordinating": [MTTQ, TDP], "due": due_quarter(4, 2025),
         "output": "Hương ước, quy ước được rà soát; báo cáo kết quả"},
        {"content": "Tổ chức hội nghị đối thoại giữa Chủ tịch Ủy ban nhân dân phường với Nhân dân về trật tự "
                    "đô thị, đất đai, xây dựng trên địa bàn phường",
         "lead": KTHTDT, "coordinating": [VP, MTTQ, TDP], "due": due_on("15/11/2025"),
         "output": "Hội nghị đối thoại; thông báo kết luận của Chủ tịch UBND phường"},
        {"content": "Thực hiện kịp thời, đúng đối tượng các chính sách an sinh xã hội, người có công, bảo trợ "
                    "xã hội; công khai danh sách đối tượng thụ hưởng tại tổ dân phố",
         "lead": VHXH, "coordinating": [TTPVHCC, TDP], "due": CONTINUOUS,
         "output": "Danh sách đối tượng thụ hưởng được niêm yết công khai"},
        {"content": "Kiểm tra việc chấp hành kỷ luật, kỷ cương hành chính, quy tắc ứng xử và thái độ phục vụ "
                    "Nhân dân của cán bộ, công chức, viên chức, người lao động",
         "lead": VP, "coordinating": [KTHTDT, VHXH, TTPVHCC, TTSNC], "due": due_quarter(4, 2025),
         "output": "Thông báo kết quả kiểm tra công vụ"},
        {"content": "Vận động Nhân dân tham gia giữ gìn vệ sinh môi trường, trật tự đô thị, xây dựng tổ dân "
                    "phố văn minh, sạch đẹp",
         "lead": KTHTDT, "coordinating": [MTTQ, TDP, CONG_AN], "due": due_month(12, 2025),
         "output": "Báo cáo kết quả ra quân, vận động"},
        {"content": "Tổng hợp, báo cáo kết quả thực hiện công tác dân vận của cơ quan hành chính nhà nước, "
                    "chính quyền phường 6 tháng cuối năm 2025 gửi Ủy ban nhân dân thành phố",
         "lead": VHXH, "coordinating": [VP, KTHTDT, TTPVHCC, TTSNC], "due": due_on("10/12/2025"),
         "output": "Báo cáo của Ủy ban nhân dân phường"},
    ],
    "rounds": [
        {"name": "Báo cáo lần 1", "deadline": day("03/09/2025"),
         "period_start": day("01/07/2025"), "period_end": day("31/08/2025")},
        {"name": "Báo cáo lần 2", "deadline": day("02/12/2025"),
         "period_start": day("01/09/2025"), "period_end": day("30/11/2025")},
    ],
}

# A plan still being drafted, so the drafting screens have something to open.
PLAN_2027_DRAFT = {
    "title": "Tuyên truyền, phổ biến Luật Thực hiện dân chủ ở cơ sở và công tác dân vận chính quyền trên "
             "địa bàn phường Phù Liễn năm 2027",
    "year": 2027,
    "period_label": "Năm 2027",
    "period_start": day("01/01/2027"),
    "period_end": day("31/12/2027"),
    "implements": None,
    "drafting_unit": VHXH,
    "created_by": "bientap",
    "intro": "Ủy ban nhân dân phường Phù Liễn ban hành Kế hoạch tuyên truyền năm 2027 như sau:",
    "closing": "Trên đây là Kế hoạch tuyên truyền năm 2027 của Ủy ban nhân dân phường Phù Liễn./.",
    "appendix_title": "Bảng phân công nhiệm vụ tuyên truyền năm 2027",
    "recipients": RECIPIENTS,
    **SIGNER,
    "issue": None,
    "citations": [
        ("Luật Thực hiện dân chủ ở cơ sở", "basis"),
        ("33/CT-TTg", "basis"),
        ("59/2023/NĐ-CP", "carry_out"),
    ],
    "sections": [
        ("MỤC ĐÍCH, YÊU CẦU", "\n".join([
            "1. Mục đích",
            "- Giúp người dân trên địa bàn phường hiểu rõ quyền được biết, được bàn, được quyết định và được "
            "kiểm tra, giám sát theo Luật Thực hiện dân chủ ở cơ sở.",
            "2. Yêu cầu",
            "- Hình thức tuyên truyền ngắn gọn, dễ hiểu, phù hợp với từng nhóm đối tượng; bảo đảm tiết kiệm, "
            "hiệu quả.",
        ])),
        ("NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN", "\n".join([
            "1. Nội dung",
            "- Những nội dung Nhân dân được biết, được bàn và quyết định, được tham gia ý kiến, được giám sát "
            "theo Luật Thực hiện dân chủ ở cơ sở và Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ.",
            "2. Hình thức",
            "- Hệ thống truyền thanh phường, trang thông tin điện tử, hội nghị tại tổ dân phố, pa-nô, áp phích.",
        ])),
        ("TỔ CHỨC THỰC HIỆN", "\n".join([
            "1. Phòng Văn hóa - Xã hội: chủ trì, theo dõi, tổng hợp kết quả thực hiện Kế hoạch.",
            "2. Trung tâm sự nghiệp công phường: xây dựng chuyên mục, tin bài tuyên truyền.",
            "3. Các phòng, đơn vị: báo cáo kết quả về Ủy ban nhân dân phường (qua Phòng Văn hóa - Xã hội) "
            "định kỳ 6 tháng và năm.",
        ])),
    ],
    "tasks": [
        {"content": "Xây dựng chuyên mục “Dân chủ ở cơ sở” phát trên hệ thống truyền thanh phường",
         "lead": TTSNC, "coordinating": [VHXH], "due": due_quarter(1, 2027),
         "output": "Chuyên mục phát hằng tháng"},
        {"content": "Tổ chức hội nghị tuyên truyền Luật Thực hiện dân chủ ở cơ sở tại các tổ dân phố",
         "lead": VHXH, "coordinating": [MTTQ, TDP], "due": due_on("30/06/2027"),
         "output": "Hội nghị tại các tổ dân phố"},
        {"content": "Cập nhật nội dung công khai theo Luật Thực hiện dân chủ ở cơ sở trên trang thông tin điện "
                    "tử phường",
         "lead": VP, "coordinating": [TTSNC], "due": CONTINUOUS,
         "output": "Chuyên mục công khai được cập nhật"},
        {"content": "In, treo pa-nô, áp phích tuyên truyền tại trụ sở và nhà văn hóa các tổ dân phố",
         "lead": TTSNC, "coordinating": [KTHTDT, TDP], "due": due_month(9, 2027),
         "output": "Pa-nô, áp phích tuyên truyền"},
    ],
    "rounds": [
        {"name": "Báo cáo 6 tháng đầu năm 2027", "deadline": day("17/06/2027"),
         "period_start": day("15/12/2026"), "period_end": day("14/06/2027")},
        {"name": "Báo cáo năm 2027", "deadline": day("17/12/2027"),
         "period_start": day("15/12/2026"), "period_end": day("14/12/2027")},
    ],
}

# The draft first: bench/bench_documents.py takes the newest Phù Liễn plan as "the demo plan".
PLANS = [PLAN_2027_DRAFT, PLAN_2025]
