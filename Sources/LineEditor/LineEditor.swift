// The LineEditor module; see ../shared/DESIGN.md for its job.
