/* Philox4x32-10 (Random123, D. E. Shaw Research, BSD-3) as a GSL random number generator type,
 * with keyed, reproducible streams for GovLoad.
 *
 * A stream is identified by (seed, replication, entity kind, entity id, purpose). The 64-bit seed
 * is Philox's 2x32 key; the counter holds (block, entity id, kind << 16 | purpose, replication).
 * Each GSL draw consumes one 32-bit word; every fourth draw encrypts the next counter block.
 * A stream is good for 2^32 blocks (about 1.7e10 draws) before its block counter would carry
 * into the entity word. */
#ifndef GOVLOAD_RANDOM123_H
#define GOVLOAD_RANDOM123_H

#include <stdint.h>
#include <gsl/gsl_rng.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The `gsl_rng_type` of Philox4x32-10, built by Random123's `GSL_CBRNG` macro.
const gsl_rng_type *govload_philox_type(void);

/// Allocates a Philox generator (with `gsl_rng_alloc`); free it with `gsl_rng_free`.
gsl_rng *govload_philox_alloc(void);

/// Points `rng` (from `govload_philox_alloc`) at the start of the stream identified by the tuple.
/// `kind` and `purpose` must be below 65536.
void govload_philox_key(gsl_rng *rng, uint64_t seed, uint32_t replication, uint32_t kind,
                        uint32_t entity, uint32_t purpose);

/// One Philox4x32-10 block: `out = philox4x32(ctr, key)`. For known-answer tests.
void govload_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

#ifdef __cplusplus
}
#endif

#endif
