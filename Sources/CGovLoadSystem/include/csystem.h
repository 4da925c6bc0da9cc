/* What the operating system says about this process that Swift's Glibc module does not expose. */
#ifndef GOVLOAD_CSYSTEM_H
#define GOVLOAD_CSYSTEM_H

/// The number of CPUs in this process's affinity mask (sched_getaffinity), or -1 where unknown.
int govload_affinity_count(void);

#endif
