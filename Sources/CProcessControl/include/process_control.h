#ifndef ENERGIFLOW_PROCESS_CONTROL_H
#define ENERGIFLOW_PROCESS_CONTROL_H

/// Makes this process a "child subreaper" (Linux prctl PR_SET_CHILD_SUBREAPER):
/// a descendant whose parent exits is re-parented here instead of to init, so
/// EnergiFlow can find, kill and reap what a plugin leaves behind. prctl is a
/// C variadic, which Swift cannot call. Returns 0, or -1 with errno (ENOSYS
/// where the platform has no such thing).
int energiflow_set_child_subreaper(void);

#endif
