"""`python manage.py load_demo`: the demo organizations, plans and one account per role."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports.demo.loader import DEMO_PASSWORD, DemoSummary, load_demo


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu mẫu: UBND thành phố Hải Phòng, UBND phường Phù Liễn (đơn vị, kế hoạch công tác dân vận "
        "6 tháng cuối năm 2025 số 125/KH-UBND đã ban hành, một dự thảo kế hoạch năm 2027), UBND xã Hòa Phong "
        "(kế hoạch năm 2025 số 12/KH-UBND, nhập từ văn bản bằng chức năng nhập kế hoạch) và một tài khoản cho mỗi vai trò. Chạy lại nhiều lần không tạo "
        "bản trùng: dữ liệu đã có được giữ nguyên. Tài khoản mới tạo dùng mật khẩu chung "
        f"“{DEMO_PASSWORD}”; tài khoản đã có giữ mật khẩu hiện tại, trừ khi dùng --reset-passwords."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords", action="store_true",
            help=f"Đặt lại mật khẩu “{DEMO_PASSWORD}” cho các tài khoản mẫu đã có.")

    def handle(self, *args, reset_passwords: bool = False, **options):
        try:
            summary = load_demo(reset_passwords=reset_passwords)
        except ValidationError as error:
            message = "; ".join(error.messages)
            raise CommandError(f"Không nạp được dữ liệu mẫu (không có gì thay đổi): {message}") from error
        self._report(summary)

    def _report(self, summary: DemoSummary) -> None:
        out = self.stdout
        heading = "Đã nạp dữ liệu mẫu." if summary.created_anything else "Dữ liệu mẫu đã có sẵn, không tạo thêm gì."
        out.write(self.style.SUCCESS(heading))
        reset = sum(1 for account in summary.accounts if account.password_set and not account.created)
        if reset:
            out.write(f"Đã đặt lại mật khẩu mẫu cho {reset} tài khoản đã có.")
        for label, (created, present) in summary.counts.items():
            out.write(f"  {label}: {created} tạo mới, {present} đã có")
        out.write("Kế hoạch mẫu:")
        for plan in summary.plans:
            if plan.created:
                parts = ", ".join(f"{count} {name}" for name, count in plan.parts.items())
                state = f"tạo mới ({parts})"
            else:
                state = "đã có, giữ nguyên"
            out.write(f"  - {plan.organization}: {plan.label} — {state}")
        out.write(f"Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):")
        width = max(len(account.username) for account in summary.accounts)
        for account in summary.accounts:
            where = account.organization + (f", {account.unit}" if account.unit else "")
            password = "" if account.password_set else " [đã có: giữ mật khẩu hiện tại]"
            out.write(f"  {account.username:<{width}}  {account.full_name} — {account.role}, {where}{password}")
            out.write(f"  {'':<{width}}  ({account.note})")
        out.write("Đăng nhập tại http://127.0.0.1:8000/dang-nhap/ (trang quản trị: /quan-tri/, tài khoản admin).")
