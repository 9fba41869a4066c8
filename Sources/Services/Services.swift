// The Services module; see ../shared/DESIGN.md for its job.
