"""Dateline in the browser: ``dateline serve`` (needs the ``web`` extra: pip install 'dateline[web]').

Server-rendered pages and a JSON API over the one query layer (``dateline.query``),
reading a database opened read-only. ``create_app(db)`` builds the ASGI app.
"""
