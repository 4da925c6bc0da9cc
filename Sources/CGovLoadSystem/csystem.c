#define _GNU_SOURCE
#include "csystem.h"

#if defined(__linux__)
#include <sched.h>

int govload_affinity_count(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof(set), &set) != 0) return -1;
    return CPU_COUNT(&set);
}
#else
int govload_affinity_count(void) { return -1; }
#endif
