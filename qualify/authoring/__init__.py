"""Course authoring in the browser: drafts of a course's files, publishing, versions, authors.

A draft is the course folder as text (path -> file), exactly what `content export` writes and
`content import` reads; publishing parses it with the same parsers and upserts the course
with the same import. See docs/architecture.md ("Source of truth").
"""
