// The Ingest module; see ../shared/DESIGN.md for its job.
