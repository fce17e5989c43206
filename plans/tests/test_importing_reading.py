"""Reading what a user brings: .docx, PDF with a text layer, pasted text; and what is refused.

Every refusal is an ImportRefused with a Vietnamese message saying what the file is and what to
do instead; the kind of a file is read from its content, never from its name.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from docx import Document as WordDocument

from plans.importing import ImportRefused, read_source, recognise
from plans.importing.reading import MAX_BYTES, MAX_CHARS, OLE2_SIGNATURE, unwrap

DATA = Path(__file__).parent / "data" / "importing"


def refused(**kwargs) -> str:
    with pytest.raises(ImportRefused) as caught:
        read_source(**kwargs)
    return caught.value.message


def docx_bytes(build) -> bytes:
    document = WordDocument()
    build(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Refusals
# --------------------------------------------------------------------------------------------

def test_nothing_given_or_empty():
    assert "Chưa có nội dung" in refused()
    assert "trống" in refused(data=b"", filename="ke-hoach.docx")
    assert "Không có chữ" in refused(text="   \n\n  ")


def test_an_empty_docx_is_refused():
    assert "Không có chữ" in refused(data=docx_bytes(lambda d: None), filename="trong.docx")


def test_over_20_mb_is_refused():
    assert "20 MB" in refused(data=b"a" * (MAX_BYTES + 1), filename="lon.txt")


def test_too_much_text_is_refused():
    assert "quá dài" in refused(text="Kế hoạch. " * (MAX_CHARS // 10 + 1))
    # 20 MB would be refused by size; a few MB of text in a file by its length
    assert "quá dài" in refused(data=("Kế hoạch.\n" * 150_000).encode(), filename="dai.txt")


def test_an_old_doc_is_told_to_be_saved_as_docx():
    data = OLE2_SIGNATURE + b"\x00" * 500 + "WordDocument".encode("utf-16-le") + b"\x00" * 500
    message = refused(data=data, filename="ke-hoach.doc")
    assert "Word cũ (.doc)" in message and "lưu lại dưới dạng .docx" in message


def test_a_password_protected_docx_is_refused():
    # Word keeps an encrypted .docx in an OLE2 container with an "EncryptionInfo" stream
    data = OLE2_SIGNATURE + b"\x00" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100 + \
        "EncryptedPackage".encode("utf-16-le")
    assert "đặt mật khẩu" in refused(data=data, filename="ke-hoach.docx")


def test_a_broken_docx_is_refused():
    good = (DATA / "10_phobang-01-kh-tbttkt-2025.docx").read_bytes()
    assert "bị hỏng" in refused(data=good[: len(good) // 2], filename="hong.docx")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<not-word-xml")
    assert "bị hỏng" in refused(data=out.getvalue(), filename="hong.docx")


def test_other_files_are_refused_by_content_not_by_name():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    assert "Excel" in refused(data=out.getvalue(), filename="ke-hoach.docx")
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    assert "tệp ảnh" in refused(data=png, filename="ke-hoach.docx")
    assert "không phải .docx, PDF hay văn bản" in refused(data=bytes(range(256)) * 10, filename="ke-hoach.txt")
    assert "RTF" in refused(data=b"{\\rtf1\\ansi Ke hoach}", filename="ke-hoach.docx")
    # and a real .docx under a wrong name is read as what it is
    source = read_source(data=(DATA / "10_phobang-01-kh-tbttkt-2025.docx").read_bytes(), filename="ke-hoach.pdf")
    assert source.kind == "docx"


def test_a_scanned_pdf_without_text_is_refused():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (400, 560), "white").save(out, format="PDF")
    message = refused(data=out.getvalue(), filename="scan.pdf")
    assert "bản quét" in message and "lớp chữ" in message


def test_a_broken_pdf_is_refused():
    assert "PDF bị hỏng" in refused(data=b"%PDF-1.7\n1 0 obj <<>> garbage", filename="hong.pdf")


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

def test_pdf_text_wrapped_lines_are_joined_back():
    """Phù Liễn's text came out of a PDF: a blank line after each wrapped line, words split by the
    wrap ("Chỉ \\n\\nthị"), one wrap without blank line ("tố \\n cáo")."""
    text = (DATA / "ke-hoach-phu-lien-2025.txt").read_text(encoding="utf-8")
    lines = read_source(text=text).text.split("\n")
    assert lines[1] == ("Triển khai thực hiện công tác dân vận của các cơ quan hành chính nhà nước, chính quyền cơ sở "
                        "trên địa bàn phường Phù Liễn năm 2025")
    assert lines[2].startswith("Thực hiện Quyết định số 3177/QĐ-UBND ngày 06/8/2025 của Ủy ban nhân dân thành phố "
                               "Hải Phòng ban hành danh mục")
    assert lines[2].endswith("6 tháng cuối năm 2025, như sau:")
    assert any("Triển khai thực hiện hiệu quả Chỉ thị số 33/CT-TTg;" in line for line in lines)
    assert any("khiếu nại, tố cáo, không để kéo dài" in line for line in lines)
    assert "- Báo cáo lần 1 trước ngày 03/9/2025." in lines
    assert lines[-3:] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Văn Diện"]


def test_unwrap_keeps_paragraphs_and_joins_split_words():
    pasted = ("I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\n- Tuyên truyền bằng pa-\nnô, áp phích và\nloa truyền thanh.\n"
              "- Đối thoại với Nhân dân.\n\nII. NỘI DUNG\nNội dung ngắn.")
    assert unwrap(pasted) == ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
                              "- Tuyên truyền bằng pa-nô, áp phích và loa truyền thanh.",
                              "- Đối thoại với Nhân dân.", "II. NỘI DUNG", "Nội dung ngắn."]


def test_docx_letterhead_table_and_task_table():
    """The letterhead and signature sit in borderless tables (read cell by cell); the task table
    is data (one row a line); text in the order of the document."""
    def build(document):
        head = document.add_table(rows=2, cols=2)
        head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nXÃ AN HÒA"
        head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
        head.cell(1, 0).text = "Số: 05/KH-UBND"
        head.cell(1, 1).text = "An Hòa, ngày 03 tháng 3 năm 2025"
        for line in ("KẾ HOẠCH", "Tuyên truyền pháp luật năm 2025",
                     "Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;",
                     "I. MỤC ĐÍCH, YÊU CẦU", "- Nâng cao hiểu biết pháp luật của Nhân dân.",
                     "II. NHIỆM VỤ", "Theo Phụ lục kèm theo.", "III. TỔ CHỨC THỰC HIỆN",
                     "1. Công chức Tư pháp - Hộ tịch", "- Chủ trì tuyên truyền; báo cáo trước ngày 20/6/2025."):
            document.add_paragraph(line)
        sign = document.add_table(rows=1, cols=2)
        sign.cell(0, 0).text = "Nơi nhận:\n- Như trên;\n- Lưu: VT."
        sign.cell(0, 1).text = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nNguyễn Thị Lan"
        document.add_paragraph("PHỤ LỤC")
        tasks = document.add_table(rows=3, cols=6)
        tasks.style = document.styles["Table Grid"]
        for row, values in enumerate([
            ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành", "Sản phẩm"],
            ["1", "Tuyên truyền trên loa truyền thanh", "Công chức Văn hóa - Xã hội", "Các thôn\nCông an xã",
             "Thường xuyên", "Tin bài"],
            ["2", "Hội nghị phổ biến pháp luật", "Công chức Tư pháp - Hộ tịch", "", "Quý II/2025", "Hội nghị"],
        ]):
            for column, value in enumerate(values):
                tasks.cell(row, column).text = value

    source = read_source(data=docx_bytes(build), filename="an-hoa.docx")
    assert source.kind == "docx"
    assert sum(1 for p in source.paragraphs if p.is_row) == 3
    result = recognise(source, registry=False)
    assert (result["issuer"], result["number"], result["date"], result["place"]) == (
        "Ủy ban nhân dân xã An Hòa", "05/KH-UBND", "2025-03-03", "An Hòa")
    assert result["title"] == "Tuyên truyền pháp luật năm 2025"
    assert [(c["number"], c["role"]) for c in result["citations"]] == [("33/CT-TTg", "basis")]
    assert result["recipients"] == ["Như trên", "Lưu: VT"]
    assert {k: v for k, v in result["signer"].items() if k != "span"} == {
        "authority": "TM. ỦY BAN NHÂN DÂN", "title": "KT. CHỦ TỊCH", "deputy_title": "PHÓ CHỦ TỊCH",
        "name": "Nguyễn Thị Lan"}
    assert [(t["content"], t["lead"], t["co"], t["due"]) for t in result["tasks"]] == [
        ("Tuyên truyền trên loa truyền thanh", "Công chức Văn hóa - Xã hội", ["Các thôn", "Công an xã"],
         {"kind": "continuous", "date": None}),
        ("Hội nghị phổ biến pháp luật", "Công chức Tư pháp - Hộ tịch", [], {"kind": "quarter", "date": "2025-06-30"}),
    ]
    assert [u["name"] for u in result["units"]] == ["Công chức Tư pháp - Hộ tịch"]
    assert [(r["name"], r["deadline"]) for r in result["rounds"]] == [("Báo cáo lần 1", "2025-06-20")]


def test_rows_pasted_from_a_table_are_tasks():
    pasted = ("KẾ HOẠCH\nDân vận khéo năm 2025\nI. NỘI DUNG\nCác nhiệm vụ tại bảng dưới đây.\n"
              "STT\tNội dung\tChủ trì\tPhối hợp\tThời hạn\tSản phẩm\n"
              "1\tPhát động phong trào\tPhòng Văn hóa - Xã hội\tVăn phòng HĐND và UBND\tTháng 3/2025\tKế hoạch\n")
    result = recognise(pasted, registry=False)
    assert [(t["lead"], t["co"], t["due"]["kind"], t["due"]["date"]) for t in result["tasks"]] == [
        ("Phòng Văn hóa - Xã hội", ["Văn phòng HĐND và UBND"], "month", "2025-03-31")]


def test_pdf_with_a_text_layer_and_a_task_table():
    """A PDF the way Word or the app prints it: text read from its text layer, the task table
    from its ruled grid."""
    import weasyprint

    rows = "".join(
        f"<tr><td>{n}</td><td>{content}</td><td>{lead}</td><td>{co}</td><td>{due}</td><td>Báo cáo</td></tr>"
        for n, content, lead, co, due in [
            (1, "Tuyên truyền Luật Thực hiện dân chủ ở cơ sở trên hệ thống loa truyền thanh của xã",
             "Công chức Văn hóa - Xã hội", "Các thôn; Công an xã", "Thường xuyên"),
            (2, "Đối thoại giữa Chủ tịch Ủy ban nhân dân xã với Nhân dân", "Công chức Văn phòng - Thống kê",
             "Ủy ban Mặt trận Tổ quốc Việt Nam xã", "Trước ngày 30/9/2025"),
        ])
    body = " ".join(["Nâng cao hiệu quả công tác dân vận chính quyền, gần dân, trọng dân, vì dân."] * 6)
    html = f"""<html><body style="font-family: serif; font-size: 13pt">
      <p>ỦY BAN NHÂN DÂN<br>XÃ AN HÒA</p><p>Số: 07/KH-UBND</p><p>An Hòa, ngày 10 tháng 3 năm 2025</p>
      <p>KẾ HOẠCH</p><p>Thực hiện công tác dân vận chính quyền năm 2025</p>
      <p>Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;</p>
      <p>I. MỤC ĐÍCH, YÊU CẦU</p><p>- {body}</p><p>II. TỔ CHỨC THỰC HIỆN</p>
      <p>1. Công chức Văn hóa - Xã hội</p><p>- Theo dõi, tổng hợp; báo cáo lần 1 trước ngày 05/6/2025.</p>
      <style>td, th {{ border: 1px solid black }}</style><table style="border-collapse: collapse"><tr><th>STT</th><th>Nội dung nhiệm vụ</th>
      <th>Đơn vị chủ trì</th><th>Đơn vị phối hợp</th><th>Thời hạn</th><th>Sản phẩm</th></tr>{rows}</table>
      </body></html>"""
    source = read_source(data=weasyprint.HTML(string=html).write_pdf(), filename="an-hoa.pdf")
    assert source.kind == "pdf"
    result = recognise(source, registry=False)
    assert result["title"] == "Thực hiện công tác dân vận chính quyền năm 2025"
    assert result["number"] == "07/KH-UBND" and result["date"] == "2025-03-10"
    assert body in result["sections"][0]["text"]  # the wrapped paragraph joined back
    assert [(t["lead"], t["co"], t["due"]["kind"]) for t in result["tasks"]] == [
        ("Công chức Văn hóa - Xã hội", ["Các thôn", "Công an xã"], "continuous"),
        ("Công chức Văn phòng - Thống kê", ["Ủy ban Mặt trận Tổ quốc Việt Nam xã"], "date"),
    ]
    assert result["tasks"][0]["content"] == ("Tuyên truyền Luật Thực hiện dân chủ ở cơ sở trên hệ thống loa "
                                              "truyền thanh của xã")


# --------------------------------------------------------------------------------------------
# Not a plan
# --------------------------------------------------------------------------------------------

def test_a_text_that_is_no_plan_says_what_was_and_was_not_found():
    result = recognise("Kính gửi anh chị,\nMời dự họp chi bộ lúc 8 giờ sáng thứ Hai.\nTrân trọng.", registry=False)
    assert result["not_a_plan"].startswith("Văn bản này không giống một kế hoạch.")
    assert "Không thấy: chữ “KẾ HOẠCH” đầu văn bản" in result["not_a_plan"]
    report = "ỦY BAN NHÂN DÂN\nXÃ AN HÒA\nBÁO CÁO\nKết quả công tác dân vận 6 tháng đầu năm 2025\nI. KẾT QUẢ\nĐã làm."
    result = recognise(report, registry=False)
    assert result["not_a_plan"].startswith("Văn bản này là BÁO CÁO, không phải kế hoạch.")
    assert "Tìm thấy: trích yếu (tên kế hoạch), cơ quan ban hành" in result["not_a_plan"]


def test_docx_list_numbering_drawn_by_word_is_read():
    """Word draws "I.", "II.", "1." of list paragraphs from its numbering definitions: the
    numerals are not in the text, yet they make the sections and the units."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document):
        numbering = document.part.numbering_part.element
        numbering.insert(0, parse_xml(
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
            '</w:abstractNum>'))
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

        def item(text: str, level: int):
            paragraph = document.add_paragraph(text)
            paragraph._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>'))

        document.add_paragraph("KẾ HOẠCH")
        document.add_paragraph("Phổ biến pháp luật năm 2025")
        item("MỤC ĐÍCH, YÊU CẦU", 0)
        document.add_paragraph("Nâng cao hiểu biết pháp luật.")
        item("TỔ CHỨC THỰC HIỆN", 0)
        item("Công chức Tư pháp - Hộ tịch", 1)
        document.add_paragraph("Chủ trì tổ chức các hội nghị phổ biến.", style="List Bullet")
        item("Công an xã", 1)
        document.add_paragraph("Bảo đảm an ninh trật tự.", style="List Bullet")

    source = read_source(data=docx_bytes(build), filename="danh-so.docx")
    assert "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao hiểu biết pháp luật.\nII. TỔ CHỨC THỰC HIỆN\n1. Công chức" in source.text
    result = recognise(source, registry=False)
    assert [(s["numeral"], s["heading"]) for s in result["sections"]] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"), ("II", "TỔ CHỨC THỰC HIỆN")]
    assert [(u["name"], u["duties"]) for u in result["units"]] == [
        ("Công chức Tư pháp - Hộ tịch", ["Chủ trì tổ chức các hội nghị phổ biến."]),
        ("Công an xã", ["Bảo đảm an ninh trật tự."])]


def test_units_listed_without_numbers():
    text = ("KẾ HOẠCH\nTuyên truyền pháp luật năm 2025\nI. MỤC ĐÍCH\n- Nâng cao nhận thức.\nII. TỔ CHỨC THỰC HIỆN\n"
            "- Phòng Văn hóa và Thông tin: Tham mưu, tổng hợp kết quả.\n+ Phối hợp với các thôn.\n"
            "- Công an xã: Bảo đảm an ninh trật tự.\n- Kinh phí: từ ngân sách xã.")
    result = recognise(text, registry=False)
    assert [(u["name"], u["duties"]) for u in result["units"]] == [
        ("Phòng Văn hóa và Thông tin", ["Tham mưu, tổng hợp kết quả.", "Phối hợp với các thôn."]),
        ("Công an xã", ["Bảo đảm an ninh trật tự."])]


def test_a_pdf_with_a_damaged_stream_is_refused_in_words():
    import weasyprint

    good = weasyprint.HTML(string="<p>KẾ HOẠCH</p><p>" + "Nội dung kế hoạch. " * 40 + "</p>").write_pdf()
    damaged = good.replace(b"/FlateDecode", b"/FlateDecodO")
    assert "PDF bị hỏng" in refused(data=damaged, filename="hong.pdf")


def test_a_letterhead_in_a_text_box_is_read_once():
    """Some offices draw the letterhead in a text box, which Word stores twice (for new and old
    readers)."""
    from docx.oxml import parse_xml

    box = ('<w:txbxContent><w:p><w:r><w:t>ỦY BAN NHÂN DÂN</w:t></w:r></w:p>'
           '<w:p><w:r><w:t>XÃ AN HÒA</w:t></w:r></w:p></w:txbxContent>')
    run = parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f'<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>{box}</w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict>{box}</w:pict></mc:Fallback></mc:AlternateContent></w:r>')

    def build(document):
        document.add_paragraph()._p.append(run)
        for line in ("KẾ HOẠCH", "Tuyên truyền pháp luật năm 2025", "I. MỤC ĐÍCH", "- Hiểu pháp luật."):
            document.add_paragraph(line)

    source = read_source(data=docx_bytes(build), filename="hop-chu.docx")
    assert source.text.startswith("ỦY BAN NHÂN DÂN\nXÃ AN HÒA\nKẾ HOẠCH\n")
    assert recognise(source, registry=False)["issuer"] == "Ủy ban nhân dân xã An Hòa"


def test_a_task_table_with_a_title_row_and_merged_cells():
    """A title row above the column names; a group row spanning the table; a lead unit merged
    down over two rows (Word keeps its text in the first cell only)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    def build(document):
        document.add_paragraph("KẾ HOẠCH")
        document.add_paragraph("Chuyển đổi số năm 2025")
        document.add_paragraph("I. NỘI DUNG")
        document.add_paragraph("Theo bảng dưới đây.")
        table = document.add_table(rows=5, cols=4)
        table.style = document.styles["Table Grid"]
        title = table.cell(0, 0).merge(table.cell(0, 3))
        title.text = "BẢNG PHÂN CÔNG NHIỆM VỤ"
        for column, value in enumerate(["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời gian"]):
            table.cell(1, column).text = value
        group = table.cell(2, 0).merge(table.cell(2, 3))
        group.text = "I. Số hóa hồ sơ"
        for row, (n, content, due) in enumerate([("1", "Số hóa sổ hộ tịch", "Quý II/2025"),
                                                  ("2", "Số hóa hồ sơ đất đai", "Tháng 9/2025")], start=3):
            table.cell(row, 0).text, table.cell(row, 1).text, table.cell(row, 3).text = n, content, due
        table.cell(3, 2).text = "Công chức Tư pháp - Hộ tịch"
        for row, value in ((3, "restart"), (4, "continue")):
            properties = table.cell(row, 2)._tc.get_or_add_tcPr()
            properties.append(parse_xml(f'<w:vMerge {nsdecls("w")} w:val="{value}"/>'))

    source = read_source(data=docx_bytes(build), filename="bang.docx")
    assert "BẢNG PHÂN CÔNG NHIỆM VỤ" in source.text.split("\n")
    result = recognise(source, registry=False)
    assert [(t["group"], t["content"], t["lead"], t["due"]["kind"]) for t in result["tasks"]] == [
        ("I. Số hóa hồ sơ", "Số hóa sổ hộ tịch", "Công chức Tư pháp - Hộ tịch", "quarter"),
        ("I. Số hóa hồ sơ", "Số hóa hồ sơ đất đai", "Công chức Tư pháp - Hộ tịch", "month"),
    ]


def test_word_line_break_marks_read_as_the_number_written():
    """The app's own Word export keeps "33/CT-TTg" on one line with Word's non-breaking hyphen (an
    element, not text) and a word joiner after the slash; read back, the number is as written."""
    from docx.oxml import OxmlElement

    document = WordDocument()
    run = document.add_paragraph("Căn cứ Chỉ thị số 33/\u2060CT").add_run()
    run._r.append(OxmlElement("w:noBreakHyphen"))
    run.add_text("TTg ngày 08/01/2019 của Thủ tướng Chính phủ;")
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_source(data=buffer.getvalue(), filename="a.docx").text
    assert "Chỉ thị số 33/CT-TTg ngày 08/01/2019" in text
