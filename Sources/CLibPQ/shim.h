#ifndef ENERGIFLOW_CLIBPQ_SHIM_H
#define ENERGIFLOW_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
