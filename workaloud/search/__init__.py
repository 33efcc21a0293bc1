"""Full-text search over people, goals and work updates, behind one interface.

``workaloud.search.engine.query(viewer, text, ...)`` answers on SQLite (FTS5) and PostgreSQL
(tsvector, GIN) alike; ``workaloud.search.index`` creates and maintains the index in the
database itself (triggers on SQLite, generated columns on PostgreSQL). See docs/search.md.
"""
