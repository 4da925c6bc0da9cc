/* Philox4x32-10 (Random123, D. E. Shaw Research, BSD-3) as a GSL random number generator type,
 * with keyed, reproducible streams for GovLoad.
 *
 * A stream is identified by (seed, replication, entity kind, entity id, purpose). The 64-bit seed
 * is Philox's 2x32 key; the counter holds (block, kind << 16 | purpose, entity id, replication).
 * Each GSL draw consumes one 32-bit word; every fourth draw encrypts the next counter block.
 * A stream is good for 2^32 blocks (about 1.7e10 draws).
 *
 * The word after the block counter is never zero (kinds start at 1), so the adaptor's carry
 * logic never touches the key words. */
#ifndef GOVLOAD_RANDOM123_H
#define GOVLOAD_RANDOM123_H

#include <stdint.h>
#include <gsl/gsl_rng.h>
#include <Random123/philox.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The `gsl_rng_type` of Philox4x32-10, built by Random123's `GSL_CBRNG` macro.
const gsl_rng_type *govload_philox_type(void);

/// Allocates a Philox generator (with `gsl_rng_alloc`); free it with `gsl_rng_free`.
gsl_rng *govload_philox_alloc(void);

/// Points `rng` (from `govload_philox_alloc`) at the start of the stream identified by the tuple.
/// `kind` must be in 1...65535 and `purpose` below 65536.
void govload_philox_key(gsl_rng *rng, uint64_t seed, uint32_t replication, uint32_t kind,
                        uint32_t entity, uint32_t purpose);

/// One Philox4x32-10 block: `out = philox4x32(ctr, key)`. For known-answer tests.
void govload_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

/// The state `GSL_CBRNG` lays out for Philox (checked against it in philox_gsl.c). GovLoad's
/// Swift `Philox.nextWord` reads it to draw words inline, exactly as the adaptor's `get` would.
typedef struct {
    philox4x32_ctr_t ctr;
    philox4x32_ctr_t r;
    philox4x32_key_t key;
    int elem;
} govload_philox_state;

#ifdef __cplusplus
}
#endif

#endif
