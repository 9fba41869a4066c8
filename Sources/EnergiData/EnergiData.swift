// The EnergiData module; see ../shared/DESIGN.md for its job.
