/* zlib for Swift: gzip streams for compressed outputs (run --compress gzip). deflateInit2 and
 * inflateInit2 are macros, which Swift cannot call; these wrappers can. */
#ifndef GOVLOAD_CZLIB_SHIM_H
#define GOVLOAD_CZLIB_SHIM_H

#include <zlib.h>

/// Starts a gzip stream (a gzip header and trailer, not a raw zlib one) at `level`.
static inline int czlib_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/// Starts reading a gzip stream.
static inline int czlib_inflate_init_gzip(z_streamp stream) { return inflateInit2(stream, 15 + 16); }

#endif
