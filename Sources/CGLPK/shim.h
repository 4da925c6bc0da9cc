/* GLPK, the GNU Linear Programming Kit (GPL-3), for least-cost shift scheduling. */
#ifndef GOVLOAD_CGLPK_SHIM_H
#define GOVLOAD_CGLPK_SHIM_H
#include <glpk.h>
#endif
