"""The firm's practice data as the data API serves it: the kinds and their fields, the tables
and the queries behind paging (`records`, `document_store`, `trust`), and the deterministic demo
and bench firms (`seeding`, `generator`)."""
