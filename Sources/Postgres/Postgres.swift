// The Postgres module; see ../shared/DESIGN.md for its job.
