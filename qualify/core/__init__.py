"""What every domain uses and nothing Flask: the content-file reader, locale and text helpers,
the declarative base with its column types, and the clock.

Nothing here imports Flask or a domain package; the layer test keeps it so.
"""
