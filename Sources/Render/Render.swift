// The Render module; see ../shared/DESIGN.md for its job.
