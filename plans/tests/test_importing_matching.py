"""Names in an imported plan matched to the organization's units and to the shared registry, and
the import_plan command."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from danvan.tests import factories as f
from plans.importing import recognise
from plans.importing.matching import UnitMatcher
from plans.models import LegalDocument, Plan

DATA = Path(__file__).parent / "data" / "importing"
PHU_LIEN = DATA / "ke-hoach-phu-lien-2025.txt"

PLAN_WITH_TABLE = """KẾ HOẠCH
Dân vận khéo năm 2025
Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ; Căn cứ Kế hoạch số 99/KH-UBND ngày 02/01/2025 của Ủy ban nhân dân huyện;
I. NỘI DUNG
Các nhiệm vụ tại bảng dưới đây.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa - Xã hội phường
- Theo dõi, tổng hợp.
2. Đội Quản lý trật tự đô thị
- Ra quân hằng tháng.
STT\tNội dung\tChủ trì\tPhối hợp\tThời hạn\tSản phẩm
1\tPhát động phong trào\tphong van hoa - xa hoi\tUBND phường, Uỷ ban MTTQ Việt Nam phường\tTháng 3/2025\tKế hoạch
"""


@pytest.fixture
def units(org):
    return {
        "vhxh": f.UnitFactory(organization=org, name="Phòng Văn hóa - Xã hội", short_name="VHXH"),
        "ubnd": f.UnitFactory(organization=org, name="Ủy ban nhân dân phường", short_name="UBND"),
        "mttq": f.UnitFactory(organization=org, name="Ủy ban Mặt trận Tổ quốc Việt Nam phường",
                              short_name="UBMTTQVN"),
        "ttsn": f.UnitFactory(organization=org, name="Trung tâm sự nghiệp công phường", short_name="TTSNC"),
    }


def test_unit_names_match_with_or_without_diacritics_and_abbreviations(units):
    matcher = UnitMatcher(units.values())
    assert matcher.match("phong van hoa - xa hoi") == units["vhxh"].pk
    assert matcher.match("Phòng Văn hóa - Xã hội phường") == units["vhxh"].pk
    assert matcher.match("Phòng Văn hoá – Xã hội") == units["vhxh"].pk
    assert matcher.match("UBND phường") == units["ubnd"].pk
    assert matcher.match("Uỷ ban MTTQ Việt Nam phường") == units["mttq"].pk
    assert matcher.match("UBMTTQVN phường") == units["mttq"].pk
    assert matcher.match("Trung tam su nghiep cong") == units["ttsn"].pk
    assert matcher.match("Đội Quản lý trật tự đô thị") is None
    assert matcher.match("Phòng") is None


def test_recognised_units_and_tasks_carry_their_match_and_unknown_units_are_proposed(org, units):
    result = recognise(PLAN_WITH_TABLE, organization=org)
    assert [(u["name"], u["match"]) for u in result["units"]] == [
        ("Phòng Văn hóa - Xã hội phường", units["vhxh"].pk), ("Đội Quản lý trật tự đô thị", None)]
    (task,) = result["tasks"]
    assert task["match"] == {"lead": units["vhxh"].pk, "co": [units["ubnd"].pk, units["mttq"].pk]}
    assert result["new_units"] == ["Đội Quản lý trật tự đô thị"]


def test_citations_reuse_registry_documents_and_propose_new_ones(db):
    existing = f.LegalDocumentFactory(kind="Chỉ thị", number="33/CT-TTg", issued_on=datetime.date(2021, 11, 26),
                                      issuer="Thủ tướng Chính phủ")
    f.LegalDocumentFactory(kind="Kế hoạch", number="99/KH-UBND", issued_on=datetime.date(2024, 1, 2))  # another year
    result = recognise(PLAN_WITH_TABLE)
    assert [(c["number"], c["role"], c["document_id"]) for c in result["citations"]] == [
        ("33/CT-TTg", "basis", existing.pk), ("99/KH-UBND", "basis", None)]


def test_a_law_cited_by_name_is_found_by_its_name(db):
    law = LegalDocument.objects.create(kind="Luật", name="Luật Thực hiện dân chủ ở cơ sở",
                                       issued_on=datetime.date(2022, 11, 10))
    result = recognise(PHU_LIEN.read_text(encoding="utf-8"))
    (found,) = [c for c in result["citations"] if c["name"] == "Luật Thực hiện dân chủ ở cơ sở"]
    assert found["document_id"] == law.pk and found["role"] == "mention"


# --------------------------------------------------------------------------------------------
# manage.py import_plan
# --------------------------------------------------------------------------------------------

def run(*args, stdin: str | None = None) -> str:
    out = StringIO()
    if stdin is not None:
        import sys

        old = sys.stdin
        sys.stdin = StringIO(stdin)
        try:
            call_command("import_plan", *args, stdout=out)
        finally:
            sys.stdin = old
    else:
        call_command("import_plan", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_command_json_prints_what_was_recognised_and_saves_nothing():
    plans_before, documents_before = Plan.objects.count(), LegalDocument.objects.count()
    data = json.loads(run(str(DATA / "10_phobang-01-kh-tbttkt-2025.docx"), "--json"))
    for key in ("title", "issuer", "issuer_parent", "number", "date", "place", "sections", "citations", "units",
                "tasks", "rounds", "recipients", "signer"):
        assert key in data
    assert data["number"] == "01/KH-TBTTKT" and data["date"] == "2025-12-10"
    assert data["citations"][0] | {"span": None} == {
        "kind": "Quyết định", "number": "03/QĐ-UBBC", "date": "2025-12-05", "issuer": "Ủy ban bầu cử xã Phố Bảng",
        "subject": data["citations"][0]["subject"], "name": None, "number_as_written": "03/QĐ-UBBC",
        "span": None, "role": "basis", "document_id": None}
    assert data["signer"]["name"] == "Nguyễn Văn Hoàn"
    assert (Plan.objects.count(), LegalDocument.objects.count()) == (plans_before, documents_before)


@pytest.mark.django_db
def test_command_reads_pasted_text_from_stdin_and_summarises():
    out = run("-", stdin=PHU_LIEN.read_text(encoding="utf-8"))
    assert "Trích yếu: Triển khai thực hiện công tác dân vận" in out
    assert "Văn bản trích dẫn: 0 căn cứ, 1 triển khai, 11 nhắc đến" in out
    assert "đợt báo cáo: 2" in out


@pytest.mark.django_db
def test_command_refusals_in_words(tmp_path):
    old_doc = tmp_path / "cu.doc"
    old_doc.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"))
    with pytest.raises(CommandError, match=r"Word cũ \(\.doc\)"):
        run(str(old_doc), "--json")
    with pytest.raises(CommandError, match="tệp không tồn tại"):
        run(str(tmp_path / "khong-co.docx"))
    with pytest.raises(CommandError, match="Cần --organization"):
        run(str(PHU_LIEN), "--save")
    with pytest.raises(CommandError, match="Không có cơ quan mã “khong-co”"):
        run(str(PHU_LIEN), "--organization", "khong-co", "--json")
    with pytest.raises(CommandError, match="không dùng cả hai"):
        run(str(PHU_LIEN), "--json", "--save")
