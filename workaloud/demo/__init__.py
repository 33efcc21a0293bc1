"""A realistic demo community for Workaloud: ``python manage.py load_demo``.

``content`` holds the people, goals and narrated work as plain Python data; ``loader`` builds
them through the same services real members use, then backdates the timestamps so the
activity spans the last six weeks.
"""
