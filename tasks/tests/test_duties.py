"""Shape B by hand: the editor adds a duty a unit holds, continuous, printed in its section."""

from django.urls import reverse


def test_the_editor_adds_a_duty_by_hand(login, editor, plan, unit_a):
    from plans.models import PlanSection

    organizing = PlanSection.objects.create(plan=plan, order=3, heading="TỔ CHỨC THỰC HIỆN")
    client = login(editor)
    data = {"content": "Theo dõi, tổng hợp báo cáo", "lead_unit": unit_a.pk, "due_kind": "date", "due": "30/10/2025",
            "kind": "duty"}
    refused = client.post(reverse("tasks:task_create", args=[plan.pk]), data, HTTP_HX_REQUEST="true")
    assert "chọn “Thường xuyên”" in refused.content.decode() and plan.tasks.count() == 2
    data.update(due_kind="continuous", due="")
    client.post(reverse("tasks:task_create", args=[plan.pk]), data, HTTP_HX_REQUEST="true")
    duty = plan.tasks.get(kind="duty")
    assert (duty.section, duty.due_kind, duty.lead_unit) == (organizing, "continuous", unit_a)
    page = client.get(reverse("plans:edit", args=[plan.pk])).content.decode()
    assert "Nhiệm vụ của đơn vị, in trong mục “TỔ CHỨC THỰC HIỆN”" in page
