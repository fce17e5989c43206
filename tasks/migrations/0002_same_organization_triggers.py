"""A task's units must belong to the organization that issues its plan.

This rule spans three tables, which a CHECK constraint cannot express, so it is a trigger on
SQLite and on PostgreSQL. Task.clean() gives the user-facing message; the trigger is the guarantee.
"""

from django.db import migrations

CHECKS = [
    # (table, trigger name, unit column, how to find the plan)
    ("tasks_task", "task_lead_unit_same_org", "lead_unit_id", "NEW.plan_id"),
    ("tasks_task_coordinating_units", "task_coord_unit_same_org", "unit_id",
     "(SELECT plan_id FROM tasks_task WHERE id = NEW.task_id)"),
]
MESSAGE = "unit and plan must belong to the same organization"


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, name, unit_col, plan_expr in CHECKS:
        mismatch = (f"(SELECT organization_id FROM danvan_unit WHERE id = NEW.{unit_col}) <> "
                    f"(SELECT organization_id FROM plans_plan WHERE id = {plan_expr})")
        if vendor == "sqlite":
            for event in ("INSERT", "UPDATE"):
                schema_editor.execute(
                    f"CREATE TRIGGER {name}_{event.lower()} BEFORE {event} ON {table} "
                    f"WHEN {mismatch} BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;")
        elif vendor == "postgresql":
            schema_editor.execute(
                f"CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger AS $$ BEGIN "
                f"IF {mismatch} THEN RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = '23514'; END IF; "
                f"RETURN NEW; END; $$ LANGUAGE plpgsql;")
            schema_editor.execute(
                f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}_fn();")


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, name, _unit_col, _plan_expr in CHECKS:
        if vendor == "sqlite":
            for event in ("insert", "update"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_{event}")
        elif vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}_fn()")


class Migration(migrations.Migration):
    dependencies = [("tasks", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
