"""In the plan editor: every citation of a pasted text added in one click, and the three roles."""

from django.urls import reverse

from danvan.tests import factories as f
from plans.models import LegalDocument

HX = {"HTTP_HX_REQUEST": "true"}
PASTED = ("Căn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ về tiếp tục tăng cường và đổi mới "
          "công tác dân vận;\nCăn cứ Nghị định số 61/2023/NĐ-CP ngày 16/8/2023 của Chính phủ về xây dựng và thực "
          "hiện hương ước, quy ước của cộng đồng dân cư;\nCăn cứ Quyết định số 23-QĐ/TW ngày 30/7/2021 của Bộ "
          "Chính trị ban hành Quy chế công tác dân vận của hệ thống chính trị;")


def test_paste_offers_add_all_and_adds_every_citation_once(login, editor, plan):
    existing = f.LegalDocumentFactory(number="33/CT-TTg", issued_on="2021-11-26")
    client = login(editor)
    found = client.post(reverse("plans:citation_parse", args=[plan.pk]), {"text": PASTED, "role": "basis"},
                        **HX).content.decode()
    assert "Thêm tất cả văn bản nhận diện được (3)" in found
    assert plan.citations.count() == 0
    page = client.post(reverse("plans:citation_paste_all", args=[plan.pk]), {"text": PASTED, "role": "mention"},
                       **HX).content.decode()
    assert "Đã thêm 3 văn bản (nhắc đến)." in page
    assert sorted(c.document.number for c in plan.citations.all()) == ["23-QĐ/TW", "33/CT-TTg", "61/2023/NĐ-CP"]
    assert set(plan.citations.values_list("role", flat=True)) == {"mention"}
    assert plan.citations.get(document__number="33/CT-TTg").document == existing
    assert 'hx-swap-oob="true"' in page and "Nhắc đến" in page
    again = client.post(reverse("plans:citation_paste_all", args=[plan.pk]), {"text": PASTED, "role": "mention"},
                        **HX).content.decode()
    assert "Đã thêm 0 văn bản" in again and "3 văn bản đã có trong danh sách" in again
    assert LegalDocument.objects.count() == 3 and plan.citations.count() == 3


def test_add_all_is_all_or_nothing(login, editor, plan):
    bad = PASTED + "\nCăn cứ Quyết định số 12/QĐ-UBND ngày 01/01/1900 của UBND xã;"
    page = login(editor).post(reverse("plans:citation_paste_all", args=[plan.pk]), {"text": bad, "role": "basis"},
                              **HX).content.decode()
    assert "12/QĐ-UBND" in page and "Ngày ban hành phải trong khoảng năm 1945" in page, page[-1500:]
    assert plan.citations.count() == 0


def test_add_all_permissions(client, login, viewer, outsider, plan):
    url = reverse("plans:citation_paste_all", args=[plan.pk])
    assert login(viewer).post(url, {"text": PASTED}).status_code == 403
    assert login(outsider).post(url, {"text": PASTED}).status_code == 404
    assert client.get(url).status_code == 405
    assert plan.citations.count() == 0


def test_role_is_chosen_among_three(login, editor, plan):
    citation = f.CitationFactory(plan=plan, order=1)
    client = login(editor)
    page = client.get(reverse("plans:edit", args=[plan.pk])).content.decode()
    assert f'<label for="id_role_{citation.pk}"' in page and '<option value="mention">Nhắc đến</option>' in page
    client.post(reverse("plans:citation_role", args=[citation.pk]), {"role": "mention"}, **HX)
    citation.refresh_from_db()
    assert citation.role == "mention"
