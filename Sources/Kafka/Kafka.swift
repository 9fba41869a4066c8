// The Kafka module; see ../shared/DESIGN.md for its job.
