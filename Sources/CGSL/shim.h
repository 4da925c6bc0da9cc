/* Shim over the GNU Scientific Library for Swift.
 * GSL's exported globals (rng types, the error handler) are mutable C globals that Swift 6
 * refuses to read from concurrent code; these static inline accessors return them as values. */
#ifndef GOVLOAD_CGSL_SHIM_H
#define GOVLOAD_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_version.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_log.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_qrng.h>

/// The Nelder–Mead simplex minimiser with randomisable initial simplex, O(n) per iteration
/// (`gsl_multimin_fminimizer_nmsimplex2`).
static inline const gsl_multimin_fminimizer_type *cgsl_nmsimplex2(void) {
    return gsl_multimin_fminimizer_nmsimplex2;
}

/// The Mersenne Twister MT19937 generator type (`gsl_rng_mt19937`), for designs and bootstraps.
static inline const gsl_rng_type *cgsl_rng_mt19937(void) { return gsl_rng_mt19937; }

/// Sobol's low-discrepancy sequence (Antonov–Saleev), up to 40 dimensions (`gsl_qrng_sobol`).
static inline const gsl_qrng_type *cgsl_qrng_sobol(void) { return gsl_qrng_sobol; }

/// The GSL version linked in (`gsl_version`, e.g. "2.7.1").
static inline const char *cgsl_version(void) { return gsl_version; }

/// Switches GSL's abort-on-error handler off; GSL functions then report errors by return code.
static inline void cgsl_disable_abort_on_error(void) { gsl_set_error_handler_off(); }

/// The Student-t quantile, `gsl_cdf_tdist_Pinv(p, nu)`.
static inline double cgsl_tdist_pinv(double p, double nu) { return gsl_cdf_tdist_Pinv(p, nu); }

/// `gsl_cdf_gamma_P(x, a, b)`: the regularised lower incomplete gamma P(a, x/b).
static inline double cgsl_gamma_p(double x, double a, double b) { return gsl_cdf_gamma_P(x, a, b); }

/// `gsl_sf_lngamma(x)`.
static inline double cgsl_lngamma(double x) { return gsl_sf_lngamma(x); }

/// `gsl_sf_gamma_inc_P_e`, the regularised lower incomplete gamma P(a, x), with GSL's status code.
static inline int cgsl_gamma_inc_p(double a, double x, double *out) {
    gsl_sf_result r;
    int status = gsl_sf_gamma_inc_P_e(a, x, &r);
    *out = r.val;
    return status;
}

/// `gsl_sf_gamma_inc_Q_e`, the regularised upper incomplete gamma Q(a, x), with GSL's status code.
static inline int cgsl_gamma_inc_q(double a, double x, double *out) {
    gsl_sf_result r;
    int status = gsl_sf_gamma_inc_Q_e(a, x, &r);
    *out = r.val;
    return status;
}

#endif
