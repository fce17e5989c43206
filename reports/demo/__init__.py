"""Demo data: the city of Hải Phòng, phường Phù Liễn and a second, smaller commune.

The data modules hold plain Python values; `loader.load_demo()` writes them to the database.
`python manage.py load_demo` runs it.
"""
