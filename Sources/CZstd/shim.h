/* Zstandard (libzstd, BSD) for Swift: zstd streams for compressed outputs (run --compress zstd). */
#ifndef GOVLOAD_CZSTD_SHIM_H
#define GOVLOAD_CZSTD_SHIM_H
#include <zstd.h>
#endif
