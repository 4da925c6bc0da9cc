/* What the operating system says about this process that Swift's Glibc module does not expose,
 * and a cache hint Swift has no spelling for. */
#ifndef GOVLOAD_CSYSTEM_H
#define GOVLOAD_CSYSTEM_H

/// The number of CPUs in this process's affinity mask (sched_getaffinity), or -1 where unknown.
int govload_affinity_count(void);

/// Asks the processor to bring the cache line at `address` in ahead of a load that follows later
/// (a hint: it changes no result, and a bad address does not fault).
static inline void govload_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
