"""Running an organization without the Django admin: its details, units, people, roles, the
audit log, import/export, child communes, and the account pages (sign-in by e-mail, password
change and reset, a first password that must be changed)."""
