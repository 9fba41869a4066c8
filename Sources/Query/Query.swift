// The Query module; see ../shared/DESIGN.md for its job.
