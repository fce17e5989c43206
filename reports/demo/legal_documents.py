"""The shared registry of legal documents the demo plans cite.

Numbers, dates, issuers and subjects are those of the documents themselves, as the Phù Liễn plan
(shared/samples/ke-hoach-phu-lien-2025) cites them. A law cited by name and date carries no
number. Plans refer to a document by its `ref`: the number, or the name when there is none.
"""

from reports.demo.helpers import day

LEGAL_DOCUMENTS = [
    {
        "kind": "Quyết định", "number": "3177/QĐ-UBND", "issued_on": day("06/08/2025"),
        "issuer": "Ủy ban nhân dân thành phố Hải Phòng",
        "subject": "ban hành danh mục nhiệm vụ thực hiện công tác dân vận 6 tháng cuối năm 2025 của cơ quan "
                   "hành chính nhà nước, chính quyền các cấp trên địa bàn thành phố Hải Phòng",
    },
    {
        "kind": "Chỉ thị", "number": "33/CT-TTg", "issued_on": day("26/11/2021"),
        "issuer": "Thủ tướng Chính phủ",
        "subject": "về tiếp tục tăng cường và đổi mới công tác dân vận của các cơ quan hành chính nhà nước, "
                   "chính quyền các cấp trong tình hình mới",
    },
    {
        "kind": "Chỉ thị", "number": "16/CT-TTg", "issued_on": day("16/05/2016"),
        "issuer": "Thủ tướng Chính phủ",
        "subject": "về tăng cường và đổi mới công tác dân vận trong cơ quan hành chính nhà nước, chính quyền "
                   "các cấp trong tình hình mới",
    },
    {
        "kind": "Kết luận", "number": "114-KL/TW", "issued_on": day("14/07/2015"),
        "issuer": "Ban Bí thư Trung ương Đảng",
        "subject": "về nâng cao hiệu quả công tác dân vận của cơ quan nhà nước các cấp",
    },
    {
        # A Party resolution cited by name only: no number, no date (the sample invents none).
        "kind": "Nghị quyết", "name": "Nghị quyết Đại hội XIII của Đảng", "issuer": "Đại hội XIII của Đảng",
    },
    {
        "kind": "Luật", "name": "Luật Thực hiện dân chủ ở cơ sở", "issued_on": day("10/11/2022"),
        "issuer": "Quốc hội",
    },
    {
        "kind": "Luật",
        "name": "Luật sửa đổi, bổ sung một số điều của Luật Mặt trận Tổ quốc Việt Nam, Luật Công đoàn, "
                "Luật Thanh niên và Luật Thực hiện dân chủ ở cơ sở",
        "issued_on": day("27/06/2025"), "issuer": "Quốc hội",
    },
    {
        "kind": "Nghị quyết", "number": "1669/NQ-UBTVQH15", "issued_on": day("16/06/2025"),
        "issuer": "Ủy ban Thường vụ Quốc hội",
        "subject": "về việc sắp xếp đơn vị hành chính cấp xã của thành phố Hải Phòng năm 2025",
    },
    {
        "kind": "Quyết định", "number": "23-QĐ/TW", "issued_on": day("30/07/2021"),
        "issuer": "Bộ Chính trị",
        "subject": "về việc ban hành Quy chế công tác dân vận của hệ thống chính trị",
    },
    {
        "kind": "Nghị định", "number": "59/2023/NĐ-CP", "issued_on": day("14/08/2023"),
        "issuer": "Chính phủ",
        "subject": "quy định chi tiết một số điều của Luật Thực hiện dân chủ ở cơ sở",
    },
    {
        "kind": "Nghị định", "number": "61/2023/NĐ-CP", "issued_on": day("16/08/2023"),
        "issuer": "Chính phủ",
        "subject": "về xây dựng và thực hiện hương ước, quy ước của cộng đồng dân cư",
    },
    {
        "kind": "Quyết định", "number": "446-QĐ/TU", "issued_on": day("26/11/2021"),
        "issuer": "Ban Thường vụ Thành ủy",
        "subject": "về việc ban hành “Quy chế công tác dân vận của hệ thống chính trị tại thành phố Hải Phòng”",
    },
    {
        # Cited by the second commune for its periodic reports (Điều 12: the 15th-to-14th spans).
        "kind": "Nghị định", "number": "09/2019/NĐ-CP", "issued_on": day("24/01/2019"),
        "issuer": "Chính phủ",
        "subject": "quy định về chế độ báo cáo của cơ quan hành chính nhà nước",
    },
]


def ref(document: dict) -> str:
    """How plans refer to a registry entry: its number, or its name when it has none."""
    return document.get("number") or document["name"]
