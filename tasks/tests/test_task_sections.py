"""A table task names the line of work (plan section) it belongs to: the roll-up groups its results
by it, while the task still prints in the appendix table; the rules for duties are unchanged."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from danvan.tests import factories as f
from reports import documents
from tasks import services


@pytest.fixture
def content_section(plan):
    f.SectionFactory(plan=plan, order=1, heading="MỤC ĐÍCH, YÊU CẦU")
    return f.SectionFactory(plan=plan, order=2, heading="CÔNG TÁC TUYÊN TRUYỀN", body="1. Tuyên truyền trên loa.")


def test_the_editor_puts_a_table_task_under_a_section_it_still_prints_in_the_appendix(
        login, editor, plan, unit_a, content_section):
    client = login(editor)
    form = client.get(reverse("tasks:task_new", args=[plan.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "Thuộc mục (nhóm nhiệm vụ)" in form and "CÔNG TÁC TUYÊN TRUYỀN" in form
    data = {"content": "Phát thanh chuyên mục dân vận", "lead_unit": unit_a.pk, "due_kind": "date",
            "due": "30/10/2025", "kind": "task", "section": content_section.pk}
    client.post(reverse("tasks:task_create", args=[plan.pk]), data, HTTP_HX_REQUEST="true")
    task = plan.tasks.get(content="Phát thanh chuyên mục dân vận")
    assert (task.kind, task.section) == ("task", content_section)
    page = client.get(reverse("plans:edit", args=[plan.pk])).content.decode()
    assert "Thuộc mục “CÔNG TÁC TUYÊN TRUYỀN”" in page

    document = documents.plan_context(plan)
    appendix_rows = [row[1] for appendix in document.appendices for row in appendix.table.rows]
    assert "Phát thanh chuyên mục dân vận" in appendix_rows
    assert not any("Phát thanh chuyên mục" in block.text for block in document.blocks)

    # Edited with no section chosen: it belongs to none again.
    data.update(section="", fingerprint=services.task_fingerprint(task))
    client.post(reverse("tasks:task_update", args=[task.pk]), data, HTTP_HX_REQUEST="true")
    task.refresh_from_db()
    assert task.section is None


def test_a_section_of_another_plan_is_refused(plan, unit_a, org):
    other = f.SectionFactory(plan=f.PlanFactory(organization=org), heading="NỘI DUNG")
    with pytest.raises(ValidationError) as excinfo:
        services.task_create(plan=plan, content="Tuyên truyền", lead_unit=unit_a, due="30/9/2025", section=other)
    assert excinfo.value.message_dict["section"] == ["Mục được chọn không thuộc kế hoạch này."]
    assert plan.tasks.count() == 2


def test_a_duty_without_a_section_keeps_its_own_on_edit(plan, unit_a, content_section):
    duty = services.task_create(plan=plan, content="Theo dõi, tổng hợp", lead_unit=unit_a, due_kind="continuous",
                                kind="duty", section=content_section)
    duty = services.task_update(task=duty, content="Theo dõi, tổng hợp báo cáo", lead_unit=unit_a,
                                due_kind="continuous", kind="duty")
    assert duty.section == content_section


def test_a_stale_save_shows_the_section_someone_else_chose(plan, unit_a, content_section):
    task = plan.tasks.get(order=1)
    services.task_update(task=task, content=task.content, lead_unit=task.lead_unit, due_kind=task.due_kind,
                         due=task.due_date, output=task.output, coordinating_units=task.coordinating_units.all(),
                         section=content_section)
    task.refresh_from_db()
    changes = services.task_changes(task, content=task.content, lead_unit=task.lead_unit,
                                    coordinating_units=task.coordinating_units.all(), due_kind=task.due_kind,
                                    due=task.due_date, output=task.output, kind="task", section=None)
    assert changes == [("Thuộc mục", "CÔNG TÁC TUYÊN TRUYỀN")]
