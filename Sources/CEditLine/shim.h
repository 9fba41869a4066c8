#ifndef ENERGIFLOW_CEDITLINE_SHIM_H
#define ENERGIFLOW_CEDITLINE_SHIM_H
#include <stdio.h>
#include <histedit.h>
#endif
