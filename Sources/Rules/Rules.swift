// The Rules module; see ../shared/DESIGN.md for its job.
