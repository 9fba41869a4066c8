// The Store module; see ../shared/DESIGN.md for its job.
