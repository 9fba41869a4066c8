// The Shell module; see ../shared/DESIGN.md for its job.
