"""The organization's roll-up report (báo cáo tổng hợp): its model (models), what it counts and
first says (figures), the services of its life cycle (services), the printed document (document),
and its forms, views and urls. Callers import the module they need, e.g.
`from reports.rollups import services`; this package imports nothing itself, so the app registry
can load reports.rollups.models early."""
