// The HTTP module; see ../shared/DESIGN.md for its job.
