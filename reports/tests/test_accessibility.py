"""What a screen reader is given by the pages as served (WCAG 2.1 AA, issue 18); the browser side is in
test_accessibility_browser.py."""

import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from danvan.tests.files import EXE_BYTES
from plans.models import PlanStatus
from reports.tests.factories_progress import issue, local


class Page(HTMLParser):
    """The ids, the aria-describedby references, the labels and the table headers of a page."""

    def __init__(self, html: str):
        super().__init__()
        self.ids, self.described, self.headers, self.fieldsets = set(), [], [], []
        self._th, self._legend = None, None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if attrs.get("aria-describedby"):
            self.described.append((attrs.get("name"), attrs["aria-describedby"].split()))
        if tag == "th":
            self._th = []
        if tag == "legend":
            self._legend = []

    def handle_data(self, data):
        if self._th is not None:
            self._th.append(data)
        if self._legend is not None:
            self._legend.append(data)

    def handle_endtag(self, tag):
        if tag == "th" and self._th is not None:
            self.headers.append("".join(self._th).strip())
            self._th = None
        if tag == "legend" and self._legend is not None:
            self.fieldsets.append("".join(self._legend).strip())
            self._legend = None

    def dangling(self) -> list[str]:
        return [f"{name} -> {ref}" for name, refs in self.described for ref in refs if ref not in self.ids]

    def helped(self) -> int:
        return sum(1 for _, refs in self.described if any(ref.endswith("_helptext") and ref in self.ids for ref in refs))


def page_of(client, url) -> Page:
    response = client.get(url)
    assert response.status_code == 200, url
    return Page(response.content.decode())


@pytest.fixture
def issued(plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return issue(plan)


def test_help_texts_are_tied_to_their_fields_on_the_plan_pages(login, editor, plan):
    from danvan.tests.factories import SectionFactory

    section = SectionFactory(plan=plan, order=1)
    client = login(editor)
    edit = page_of(client, f"/ke-hoach/{plan.pk}/sua/")
    create = page_of(client, "/ke-hoach/moi/")
    assert edit.dangling() == [] and create.dangling() == []
    assert edit.helped() >= 9
    assert ("body", [f"id_s{section.pk}_body_helptext"]) in edit.described
    assert create.helped() >= 3


def test_help_texts_are_tied_to_their_fields_on_the_unit_report(login, reporter_a, unit_a, issued):
    round_ = issued.rounds.get(order=1)
    with time_machine.travel(local(2025, 8, 28), tick=False):
        report = page_of(login(reporter_a), f"/bao-cao/don-vi/dot/{round_.pk}/{unit_a.pk}/")
    assert report.dangling() == []
    assert report.helped() >= 2  # the files of each entry and the overall assessment


def test_each_report_entry_names_its_status_radios_with_a_legend(login, reporter_a, unit_a, issued):
    round_ = issued.rounds.get(order=1)
    with time_machine.travel(local(2025, 8, 28), tick=False):
        response = login(reporter_a).get(f"/bao-cao/don-vi/dot/{round_.pk}/{unit_a.pk}/")
    html = response.content.decode()
    assert Page(html).fieldsets.count("Tình trạng") == html.count('class="card entry"') >= 1
    assert "<label>Tình trạng</label>" not in html


def test_refused_upload_lists_each_error_as_a_link_to_its_field(login, reporter_a, unit_a, issued):
    round_ = issued.rounds.get(order=1)
    client = login(reporter_a)
    url = f"/bao-cao/don-vi/dot/{round_.pk}/{unit_a.pk}/"
    with time_machine.travel(local(2025, 8, 28), tick=False):
        form = client.get(url).context
        entry = form["lead_forms"][0]
        data = {"action": "save", form["form"].add_prefix("lock_version"): form["form"]["lock_version"].value(),
                entry.add_prefix("status"): "in_progress", entry.add_prefix("done_text"): "",
                entry.add_prefix("files"): SimpleUploadedFile("bien-ban.pdf", EXE_BYTES, "application/pdf")}
        response = client.post(url, data)
    html = response.content.decode()
    summary = re.search(r'<div class="card errors error-summary" id="form-errors" role="alert" tabindex="-1".*?</div>',
                        html, re.S)
    assert summary, "no error summary"
    field_id = entry["files"].auto_id
    assert f'href="#{field_id}"' in summary.group(0)
    assert "Thêm tệp minh chứng" in summary.group(0)
    assert f'id="{field_id}"' in html


def test_action_columns_have_a_header_for_screen_readers(login, editor, reporter_a, issued):
    round_ = issued.rounds.get(order=1)
    with time_machine.travel(local(2025, 8, 28), tick=False):
        board = page_of(login(editor), f"/bao-cao/dot/{round_.pk}/tien-do/")
        mine = page_of(login(reporter_a), "/bao-cao/don-vi/")
    assert "" not in board.headers and "Thao tác" in board.headers
    assert "" not in mine.headers and "Thao tác" in mine.headers


def test_date_boxes_say_their_format_in_the_label(login, editor, plan):
    client = login(editor)
    create = client.get("/ke-hoach/moi/").content.decode()
    assert re.search(r'<label for="id_period_start">[^<]*\(ngày/tháng/năm\)', create)
    rounds = client.get(f"/nhiem-vu/ke-hoach/{plan.pk}/dot-bao-cao/them/").content.decode()
    assert re.search(r'<label for="[^"]*deadline">[^<]*\(ngày/tháng/năm\)', rounds)


def test_each_filtered_plan_list_has_a_title_of_its_own(login, editor, plan):
    client = login(editor)
    titles = {query: re.search(r"<title>(.*?)</title>", client.get(f"/ke-hoach/{query}").content.decode(), re.S)
              .group(1).strip() for query in ["", "?status=draft", "?status=issued", "?year=2025", "?status=draft&year=2025"]}
    assert len(set(titles.values())) == len(titles), titles
    assert titles["?status=issued"].startswith(f"Kế hoạch: {PlanStatus.ISSUED.label}")
    assert "năm 2025" in titles["?year=2025"]


def test_the_clerks_number_box_reads_its_help(login, clerk, plan):
    plan.status = PlanStatus.APPROVED
    plan.save()
    detail = page_of(login(clerk), f"/ke-hoach/{plan.pk}/")
    assert detail.dangling() == []
    assert any(name == "number" and refs[0].endswith("number_helptext") for name, refs in detail.described)
