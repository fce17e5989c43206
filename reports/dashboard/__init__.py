"""“Tổng quan”: per-unit figures, progress by round, a city's wards; charts and the .xlsx export."""
