// The Plugins module; see ../shared/DESIGN.md for its job.
