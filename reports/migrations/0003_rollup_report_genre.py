from django.db import migrations, models


class Migration(migrations.Migration):
    """The roll-up reads like the report a commune sends up (REPORTS.md §3): "Kính gửi", section I
    (lãnh đạo, chỉ đạo) and section III (đánh giá chung, formerly "khó khăn, vướng mắc")."""

    dependencies = [
        ("reports", "0002_progress_parts_and_withdrawn"),
    ]

    operations = [
        migrations.RenameField("rollupreport", "difficulties_text", "assessment_text"),
        migrations.RenameField("historicalrollupreport", "difficulties_text", "assessment_text"),
    ]
