/* Open MPI for Swift (package trait MPI): `govload run --mpi`. MPI_COMM_WORLD and the datatypes
 * are macros over C globals, which Swift cannot import; these accessors return them as values. */
#ifndef GOVLOAD_CMPI_SHIM_H
#define GOVLOAD_CMPI_SHIM_H
#include <mpi.h>

/// The communicator of every rank (`MPI_COMM_WORLD`).
static inline MPI_Comm cmpi_comm_world(void) { return MPI_COMM_WORLD; }

/// `MPI_INT`.
static inline MPI_Datatype cmpi_int(void) { return MPI_INT; }

/// `MPI_MAX`.
static inline MPI_Op cmpi_max(void) { return MPI_MAX; }

/// Starts MPI without command-line arguments (Open MPI reads its own from the environment).
static inline int cmpi_init(void) { return MPI_Init(NULL, NULL); }

/// This process's rank and the number of ranks.
static inline int cmpi_rank(void) { int rank = 0; MPI_Comm_rank(MPI_COMM_WORLD, &rank); return rank; }
static inline int cmpi_size(void) { int size = 1; MPI_Comm_size(MPI_COMM_WORLD, &size); return size; }

/// The largest of every rank's `value` (every rank gets it): a job's worst status.
static inline int cmpi_max_of(int value) {
    int result = value;
    MPI_Allreduce(&value, &result, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return result;
}

/// Every rank waits here for the others.
static inline void cmpi_barrier(void) { MPI_Barrier(MPI_COMM_WORLD); }

/// Ends MPI.
static inline void cmpi_finalize(void) { MPI_Finalize(); }

/// Ends every rank with `code`.
static inline void cmpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }
#endif
