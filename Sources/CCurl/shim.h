#ifndef ENERGIFLOW_CCURL_SHIM_H
#define ENERGIFLOW_CCURL_SHIM_H
#include <curl/curl.h>
#endif
