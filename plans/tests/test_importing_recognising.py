"""How the recogniser reads the shapes real plans take beyond the five samples: a list of bases
under "Căn cứ:", units given work with "Giao ...", report deadlines written several to a
sentence or without a year, a letterhead printed on the motto's line."""

from __future__ import annotations

from plans.importing import recognise

PLAN = """UBND HUYỆN HÒA VANG    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
UBND XÃ HÒA PHONG    Độc lập - Tự do - Hạnh phúc
Số: ....../KH-UBND    Hòa Phong, ngày ... tháng ... năm 2025
KẾ HOẠCH
Tuyên truyền pháp luật năm 2025
Căn cứ:
- Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;
- Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ;
Nhằm thực hiện tốt Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ, Ủy ban nhân dân xã ban hành Kế hoạch như sau:
I. MỤC ĐÍCH, YÊU CẦU
- Nâng cao nhận thức pháp luật của Nhân dân.
II. TỔ CHỨC THỰC HIỆN
1. Giao Phòng Văn hóa - Xã hội chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch.
2. Các cơ quan, đơn vị có liên quan phối hợp thực hiện.
3. Các thôn báo cáo kết quả về Ủy ban nhân dân xã trước ngày 15/6 và 15/12 hằng năm.
4. Chế độ báo cáo: báo cáo sơ kết 6 tháng trước ngày 20/6/2025, tổng kết năm trước ngày 20/12/2025.
"""


def test_letterhead_printed_beside_the_motto_and_blank_number_and_date():
    result = recognise(PLAN, registry=False)
    assert (result["issuer"], result["issuer_parent"]) == ("UBND xã Hòa Phong", "UBND huyện Hòa Vang")
    assert (result["number"], result["number_symbol"], result["date"], result["place"]) == (
        None, "KH-UBND", None, "Hòa Phong")
    assert result["year"] == 2025


def test_bases_listed_under_one_lead_in_and_a_body_mention():
    result = recognise(PLAN, registry=False)
    assert [(c["number"], c["role"]) for c in result["citations"]] == [
        ("33/CT-TTg", "basis"), ("59/2023/NĐ-CP", "basis"), ("61/2023/NĐ-CP", "mention")]


def test_units_given_work_and_generic_lines():
    result = recognise(PLAN, registry=False)
    assert [(u["name"], u["duties"]) for u in result["units"]] == [
        ("Phòng Văn hóa - Xã hội", ["chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch."]),
        ("Các thôn", ["báo cáo kết quả về Ủy ban nhân dân xã trước ngày 15/6 và 15/12 hằng năm."]),
    ]


def test_several_deadlines_in_a_sentence_and_dates_without_year():
    rounds = recognise(PLAN, registry=False)["rounds"]
    assert [(r["name"], r["deadline"], r["period_start"], r["period_end"]) for r in rounds] == [
        ("Báo cáo lần 1", "2025-06-15", "2025-01-01", "2025-05-31"),
        ("Báo cáo lần 2", "2025-12-15", "2025-06-01", "2025-11-30"),
        ("Báo cáo 6 tháng đầu năm 2025", "2025-06-20", "2024-12-15", "2025-06-14"),
        ("Báo cáo năm 2025", "2025-12-20", "2024-12-15", "2025-12-14"),
    ]
    assert [r["text"] for r in rounds] == [
        "Các thôn báo cáo kết quả về Ủy ban nhân dân xã trước ngày 15/6", "15/12 hằng năm",
        "Chế độ báo cáo: báo cáo sơ kết 6 tháng trước ngày 20/6/2025", "tổng kết năm trước ngày 20/12/2025"]


OTHER_SHAPE = """KẾ HOẠCH
Tuyên truyền pháp luật năm 2025
I. CĂN CỨ XÂY DỰNG KẾ HOẠCH
- Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;
- Luật Thực hiện dân chủ ở cơ sở ngày 10/11/2022.
II. MỤC ĐÍCH
- Nâng cao nhận thức theo Nghị định số 59/2023/NĐ-CP ngày 14/8/2023 của Chính phủ.
III. TỔ CHỨC THỰC HIỆN
1. Phân công nhiệm vụ
a) Phòng Văn hóa - Xã hội
- Chủ trì tuyên truyền.
- Tổng hợp báo cáo.
b) Công an xã
- Bảo đảm an ninh trật tự.
2. Kinh phí: ngân sách xã.
STT\tNội dung công việc\tĐơn vị thực hiện\tThời gian\tGhi chú
1\tTuyên truyền trên loa truyền thanh\tPhòng Văn hóa - Xã hội\tQuý I/2025\t
"""


def test_a_section_of_bases_lettered_units_and_a_table_with_its_doer():
    result = recognise(OTHER_SHAPE, registry=False)
    assert [(c["number"] or c["name"], c["role"]) for c in result["citations"]] == [
        ("33/CT-TTg", "basis"), ("Luật Thực hiện dân chủ ở cơ sở", "basis"), ("59/2023/NĐ-CP", "mention")]
    assert [(u["name"], u["duties"]) for u in result["units"]] == [
        ("Phòng Văn hóa - Xã hội", ["Chủ trì tuyên truyền.", "Tổng hợp báo cáo."]),
        ("Công an xã", ["Bảo đảm an ninh trật tự."])]
    assert [(t["content"], t["lead"], t["due"]) for t in result["tasks"]] == [
        ("Tuyên truyền trên loa truyền thanh", "Phòng Văn hóa - Xã hội", {"kind": "quarter", "date": "2025-03-31"})]


def test_issuer_from_the_closing_and_a_date_line_in_figures():
    text = ("Hòa Phong, ngày 15/01/2025\nKẾ HOẠCH\nDân vận năm 2025\nI. MỤC ĐÍCH\n- Gần dân.\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Công an xã\n- Bảo đảm an ninh.\n"
            "Trên đây là Kế hoạch dân vận năm 2025 của Ủy ban nhân dân xã Hòa Phong về công tác dân vận./.")
    result = recognise(text, registry=False)
    assert (result["issuer"], result["date"], result["place"]) == ("Ủy ban nhân dân xã Hòa Phong", "2025-01-15",
                                                                   "Hòa Phong")
    a, b = result["issuer_span"]
    assert text[a:b] == "Ủy ban nhân dân xã Hòa Phong"


def test_a_letterhead_without_the_kind_word():
    text = ("UBND XÃ HÒA PHONG\nSố: 12/KH-UBND\nHòa Phong, ngày 15 tháng 01 năm 2025\n"
            "Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;\nI. MỤC ĐÍCH\n- Gần dân.\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Công an xã\n- Bảo đảm an ninh.")
    result = recognise(text, registry=False)
    assert (result["issuer"], result["number"], result["date"]) == ("UBND xã Hòa Phong", "12/KH-UBND", "2025-01-15")
    assert result["intro"] == "Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;"
    assert "chữ “KẾ HOẠCH” đầu văn bản" in result["missing"] and result["not_a_plan"] is None


def test_a_copy_marked_signed_keeps_the_signer_name():
    text = ("KẾ HOẠCH\nDân vận năm 2025\nI. MỤC ĐÍCH\n- Gần dân.\nNơi nhận:\n- Lưu: VT.\n"
            "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n(Đã ký)\nTrần Văn Sơn")
    signer = recognise(text, registry=False)["signer"]
    assert (signer["authority"], signer["title"], signer["name"]) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Trần Văn Sơn")


def test_a_task_written_as_an_unnumbered_line_with_its_fields():
    text = ("KẾ HOẠCH\nDân vận năm 2025\nI. NỘI DUNG\n- Tổ chức đối thoại với Nhân dân.\n"
            "- Đơn vị chủ trì: Văn phòng HĐND và UBND xã\n- Thời gian thực hiện: Quý III/2025\n"
            "II. TỔ CHỨC THỰC HIỆN\n1. Công an xã\n- Bảo đảm an ninh.")
    tasks = recognise(text, registry=False)["tasks"]
    assert [(t["content"], t["lead"], t["due"]) for t in tasks] == [
        ("Tổ chức đối thoại với Nhân dân.", "Văn phòng HĐND và UBND xã", {"kind": "quarter", "date": "2025-09-30"})]
