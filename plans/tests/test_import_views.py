"""The import pages: source → review (nothing saved) → "Tạo dự thảo" (one draft), and who may use them."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.models import Unit
from danvan.tests import factories as f
from plans.models import Plan
from plans.tests.test_import_service import SHAPE_A, SHAPE_B
from tasks.models import Task

SOURCE = ("ỦY BAN NHÂN DÂN PHƯỜNG THỬ\nKẾ HOẠCH\nTriển khai thực hiện công tác dân vận chính quyền 6 tháng cuối "
          "năm 2025\nCăn cứ Chỉ thị số 33/CT-TTg ngày 26/11/2021 của Thủ tướng Chính phủ;\n"
          "I. MỤC ĐÍCH, YÊU CẦU\n1. Mục đích\nII. NỘI DUNG\nIII. TỔ CHỨC THỰC HIỆN\n"
          "Báo cáo trước ngày 03/9/2025.\n")


def _recognised() -> dict:
    data = {key: value for key, value in SHAPE_A.items()}
    start = SOURCE.index("Chỉ thị số 33")
    data["citations"] = [dict(c, span=[start, start + len("Chỉ thị số 33/CT-TTg ngày 26/11/2021")]) if c["number"] == "33/CT-TTg" else c
                         for c in SHAPE_A["citations"]]
    data["sections"] = [dict(s, span=[SOURCE.index(s["heading"]), SOURCE.index(s["heading"]) + 10])
                        for s in SHAPE_A["sections"]]
    return data


class FakeSource:
    def __init__(self, text, kind="text"):
        self.text, self.kind = text, kind


@pytest.fixture
def engine(monkeypatch):
    """The recognising engine answering with fixed data, to test the pages on known pieces and spans
    (the real engine is used by the tests further down and by test_browser_import)."""
    from plans import importing

    calls = []

    def read_source(*, data=None, filename="", text=None):
        calls.append(filename or "text")
        return FakeSource(text if text is not None else SOURCE)

    monkeypatch.setattr(importing, "read_source", read_source)
    monkeypatch.setattr(importing, "recognise", lambda source, organization=None: _recognised())
    return calls


@pytest.fixture
def units(org):
    return {name: f.UnitFactory(organization=org, name=name) for name in (
        "Phòng Văn hóa - Xã hội", "Văn phòng HĐND và UBND", "Ủy ban nhân dân phường")}


def _upload(client, **extra):
    return client.post(reverse("plans:import_start"), {"text": SOURCE, **extra})


def _review_post(page_form: dict, **changes) -> dict:
    data = dict(page_form)
    data.update(changes)
    return data


def _form_values(html: str) -> dict:
    """The values a browser would send for the review form (inputs, checked boxes, selected options)."""
    from html.parser import HTMLParser

    values = {}

    class Parser(HTMLParser):
        select = None
        textarea = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name") and a.get("type") not in ("file", "submit"):
                if a.get("type") == "checkbox":
                    if "checked" in a:
                        values[a["name"]] = "on"
                else:
                    values[a["name"]] = a.get("value") or ""
            elif tag == "select":
                self.select = a.get("name")
            elif tag == "option" and self.select and ("selected" in a or self.select not in values):
                values[self.select] = a.get("value") or ""
            elif tag == "textarea":
                self.textarea = a.get("name")
                values[self.textarea] = ""

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None
            elif tag == "textarea":
                self.textarea = None

        def handle_data(self, data):
            if self.textarea:
                values[self.textarea] += data

    Parser().feed(html)
    for name, value in list(values.items()):
        if isinstance(value, str) and value.startswith("\n"):
            values[name] = value[1:]  # browsers drop the newline after <textarea>
    return values


def test_create_page_offers_the_import(login, editor):
    page = login(editor).get(reverse("plans:create")).content.decode()
    assert "Nhập từ tệp Word / PDF / văn bản" in page and reverse("plans:import_start") in page


def test_upload_review_then_create_one_draft(login, editor, units, engine):
    client = login(editor)
    response = _upload(client)
    assert response.status_code == 302
    review = client.get(response["Location"])
    html = review.content.decode()
    assert review.status_code == 200 and not Plan.objects.exists()  # nothing saved yet
    # the source, each recognised piece highlighted and linked to its row of the form
    assert 'id="src-cit-1" href="#row-cit-1">Chỉ thị số 33/CT-TTg ngày 26/11/2021</a>' in html
    assert 'id="row-cit-1"' in html and 'href="#src-cit-1"' in html
    assert '<label for="id_head-title">' in html
    # unit names matched to the organization's units; an unknown one offered for creation
    values = _form_values(html)
    names = {values[f"unit-{n}-name"]: values[f"unit-{n}-choice"] for n in range(int(values["unit-TOTAL_FORMS"]))}
    assert names["Phòng Văn hóa - Xã hội"] == str(units["Phòng Văn hóa - Xã hội"].pk)
    assert names["UBND phường"] == str(units["Ủy ban nhân dân phường"].pk)
    assert names["Trung tâm sự nghiệp công"] == "new"

    # the reviewer corrects one unit and drops the mention
    n = next(n for n in range(int(values["unit-TOTAL_FORMS"])) if values[f"unit-{n}-name"] == "Trung tâm sự nghiệp công")
    values[f"unit-{n}-choice"] = str(units["Văn phòng HĐND và UBND"].pk)
    values.pop("cit-2-include")
    values["head-title"] = "Kế hoạch đã sửa tên"
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    created = client.post(reverse("plans:import_create", args=[token]), values)

    plan = Plan.objects.get()
    assert created.status_code == 302 and created["Location"] == reverse("plans:edit", args=[plan.pk])
    assert (plan.title, plan.status, plan.created_by) == ("Kế hoạch đã sửa tên", "draft", editor)
    assert set(plan.citations.values_list("role", flat=True)) == {"basis", "carry_out"}
    first = plan.tasks.get(order=1)
    assert {u.name for u in first.coordinating_units.all()} == {"Ủy ban nhân dân phường", "Văn phòng HĐND và UBND"}
    assert not Unit.objects.filter(name="Trung tâm sự nghiệp công").exists()
    assert plan.rounds.count() == 2
    # the import is used up: a second click does not make a second plan
    assert client.post(reverse("plans:import_create", args=[token]), values).status_code == 404
    assert Plan.objects.count() == 1


def test_shape_b_review_creates_duties(login, editor, engine, monkeypatch):
    from plans import importing

    monkeypatch.setattr(importing, "recognise", lambda source, organization=None: SHAPE_B)
    client = login(editor)
    review = client.get(_upload(client)["Location"])
    values = _form_values(review.content.decode())
    assert values["duty-0-section"] == "2"  # section III, where the author wrote it
    token = review.request["PATH_INFO"].rstrip("/").rsplit("/", 1)[-1]
    client.post(reverse("plans:import_create", args=[token]), values)
    plan = Plan.objects.get()
    assert plan.tasks.filter(kind="duty", due_kind="continuous", section__heading="TỔ CHỨC THỰC HIỆN").count() == 3


def test_invalid_review_shows_errors_and_saves_nothing(login, editor, units, engine):
    client = login(editor)
    location = _upload(client)["Location"]
    values = _form_values(client.get(location).content.decode())
    values["head-period_end"] = "31/02/2025"
    values["round-0-deadline"] = "01/01/2025"
    values["round-0-period_start"] = "01/06/2025"
    values["round-0-period_end"] = "30/06/2025"
    token = location.rstrip("/").rsplit("/", 1)[-1]
    response = client.post(reverse("plans:import_create", args=[token]), values)
    html = response.content.decode()
    assert response.status_code == 400 and "Ngày chưa đúng" in html and "Hạn báo cáo phải sau" in html
    assert not Plan.objects.exists() and not Task.objects.exists()


def test_bad_input_gets_the_engine_message_and_saves_nothing(login, editor):
    """The real engine's refusals, shown on the page; nothing kept, not even in the session."""
    client = login(editor)
    for name, content, words in (
            ("ke-hoach.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "Hãy lưu lại dưới dạng .docx"),
            ("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "tệp ảnh, không có chữ")):
        response = client.post(reverse("plans:import_start"), {"file": SimpleUploadedFile(name, content)})
        assert response.status_code == 200 and words in response.content.decode(), name
    empty = client.post(reverse("plans:import_start"), {"text": "   "}).content.decode()
    assert "Hãy chọn một tệp Word / PDF hoặc dán nội dung kế hoạch." in empty
    assert not Plan.objects.exists() and not client.session.get("plan_imports")


def test_not_a_plan_says_what_was_found(login, editor):
    """The real engine on a text that is not a plan: its words, nothing kept."""
    client = login(editor)
    html = client.post(reverse("plans:import_start"), {"text": "Kính mời đồng chí dự họp lúc 8 giờ."}).content.decode()
    assert "không giống một kế hoạch" in html and "Không thấy:" in html and "trích yếu" in html
    assert not client.session.get("plan_imports") and not Plan.objects.exists()


def test_permissions(client, login, editor, viewer, outsider, engine):
    start = reverse("plans:import_start")
    assert login(viewer).get(start).status_code == 403
    assert login(viewer).post(start, {"text": SOURCE}).status_code == 403
    client.logout()
    assert client.get(start).status_code == 302  # to the login page
    location = _upload(login(editor))["Location"]
    token = location.rstrip("/").rsplit("/", 1)[-1]
    assert client.get(location).status_code == 200
    assert client.get(reverse("plans:import_create", args=[token])).status_code == 405
    # another person (an editor elsewhere) cannot see or use this import: it is in the editor's session
    client.logout()
    assert login(outsider).get(location).status_code == 404
    assert client.post(reverse("plans:import_create", args=[token]), {}).status_code == 404
    assert not Plan.objects.exists()


def test_editor_who_lost_the_role_is_refused(login, editor, engine, org):
    client = login(editor)
    location = _upload(client)["Location"]
    editor.memberships.update(role="viewer")
    assert client.get(location).status_code == 403


def test_year_and_period_come_from_the_title(login, editor, units, engine):
    client = login(editor)
    values = _form_values(client.get(_upload(client)["Location"]).content.decode())
    assert (values["head-year"], values["head-period_start"], values["head-period_end"]) == (
        "2025", "01/07/2025", "31/12/2025")
    assert datetime.date(2025, 7, 1)


DATA = __import__("pathlib").Path(__file__).parent / "data" / "importing"


def test_a_real_word_file_through_the_real_engine(login, editor, org):
    """No stand-in: the sample .docx read and recognised by plans.importing, reviewed, created."""
    client = login(editor)
    sample = DATA / "07_luongminh-16-kh-mttq-btt-2025.docx"
    response = client.post(reverse("plans:import_start"), {"file": SimpleUploadedFile(sample.name, sample.read_bytes())})
    assert response.status_code == 302, response.content.decode()[-2000:]
    html = client.get(response["Location"]).content.decode()
    values = _form_values(html)
    tasks = int(values["task-TOTAL_FORMS"])
    assert tasks >= 10 and int(values["cit-TOTAL_FORMS"]) >= 5 and 'class="hl hl-task"' in html
    # a plan with a task table: the units' paragraphs of section III stay text unless the reviewer
    # keeps them as duties; this one keeps the first unit's
    assert "duty-0-include" not in values
    values["duty-0-include"] = "on"
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    created = client.post(reverse("plans:import_create", args=[token]), values)
    assert created.status_code == 302, created.content.decode()[-3000:]
    plan = Plan.objects.get()
    assert plan.tasks.filter(kind="task").count() == tasks
    assert plan.tasks.filter(kind="duty").values("lead_unit").distinct().count() == 1
    assert plan.sections.count() >= 3 and plan.citations.count() >= 5
    assert Unit.objects.filter(organization=org).count() >= 3


def test_twenty_megabytes_of_pasted_text_is_refused_in_words(login, editor):
    response = login(editor).post(reverse("plans:import_start"), {"text": "Kế hoạch " * 2_400_000})
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode() and not Plan.objects.exists()


def test_hidden_values_stay_hidden_and_inputs_keep_their_type(login, editor, units, engine):
    client = login(editor)
    html = client.get(_upload(client)["Location"]).content.decode()
    assert '<input type="hidden" name="cit-0-document_id"' in html
    assert '<input type="hidden" name="unit-0-name"' in html
    assert '<input type="number" name="head-year"' in html
    assert "Document id" not in html
