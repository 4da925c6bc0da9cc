/* Instantiates Random123's GSL adaptor for Philox4x32-10 and adds keyed streams.
 * See include/govload_random123.h. */
#include "govload_random123.h"

#include <stddef.h>
#include <Random123/philox.h>
#include <Random123/conventional/gsl_cbrng.h>

GSL_CBRNG(r123_philox, philox4x32);

/* Swift's Philox.nextWord reads the adaptor's state through the header's typedef: the layouts must agree. */
_Static_assert(sizeof(govload_philox_state) == sizeof(r123_philox_state), "state size");
_Static_assert(offsetof(govload_philox_state, ctr) == offsetof(r123_philox_state, ctr), "ctr");
_Static_assert(offsetof(govload_philox_state, r) == offsetof(r123_philox_state, r), "r");
_Static_assert(offsetof(govload_philox_state, key) == offsetof(r123_philox_state, key), "key");
_Static_assert(offsetof(govload_philox_state, elem) == offsetof(r123_philox_state, elem), "elem");

const gsl_rng_type *govload_philox_type(void) { return gsl_rng_r123_philox; }

gsl_rng *govload_philox_alloc(void) { return gsl_rng_alloc(gsl_rng_r123_philox); }

void govload_philox_key(gsl_rng *rng, uint64_t seed, uint32_t replication, uint32_t kind,
                        uint32_t entity, uint32_t purpose) {
    r123_philox_state *st = (r123_philox_state *)rng->state;
    st->key.v[0] = (uint32_t)(seed & 0xffffffffu);
    st->key.v[1] = (uint32_t)(seed >> 32);
    st->ctr.v[0] = 0; /* the block counter; the adaptor increments it before each block */
    st->ctr.v[1] = ((kind & 0xffffu) << 16) | (purpose & 0xffffu);
    st->ctr.v[2] = entity;
    st->ctr.v[3] = replication;
    st->elem = 0;
}

void govload_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]) {
    philox4x32_ctr_t c = {{ctr[0], ctr[1], ctr[2], ctr[3]}};
    philox4x32_key_t k = {{key[0], key[1]}};
    philox4x32_ctr_t r = philox4x32_R(10, c, k);
    for (int i = 0; i < 4; i++) out[i] = r.v[i];
}
