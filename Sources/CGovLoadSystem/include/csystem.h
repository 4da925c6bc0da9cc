/* What the operating system says about this process that Swift's Glibc module does not expose,
 * and a cache hint Swift has no spelling for. */
#ifndef GOVLOAD_CSYSTEM_H
#define GOVLOAD_CSYSTEM_H

/// The number of CPUs in this process's affinity mask (sched_getaffinity), or -1 where unknown.
int govload_affinity_count(void);

/// Asks the processor to bring the cache line at `address` in ahead of a load that follows later
/// (a hint: it changes no result, and a bad address does not fault).
static inline void govload_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }

/// Keeps in (`*high`, `*low`) the earlier of it and (`other_high`, `other_low`), compared as one
/// unsigned 128-bit number: an event key (`TournamentTree`). On x86-64 by conditional moves the
/// compiler cannot see into: it turns a select on a loop's running winner into a branch, which
/// mispredicts about half the time when the keys are random.
static inline void govload_keep_earlier(unsigned long long *low, unsigned long long *high,
                                        unsigned long long other_low, unsigned long long other_high) {
#if defined(__x86_64__)
  unsigned long long winner_low = *low, winner_high = *high, scratch;
  __asm__("cmpq %[wl], %[ol]\n\t"
          "movq %[oh], %[s]\n\t"
          "sbbq %[wh], %[s]\n\t"
          "cmovbq %[ol], %[wl]\n\t"
          "cmovbq %[oh], %[wh]"
          : [wl] "+r"(winner_low), [wh] "+r"(winner_high), [s] "=&r"(scratch)
          : [ol] "r"(other_low), [oh] "r"(other_high)
          : "cc");
  *low = winner_low;
  *high = winner_high;
#else
  if (other_high < *high || (other_high == *high && other_low < *low)) {
    *low = other_low;
    *high = other_high;
  }
#endif
}

#endif
