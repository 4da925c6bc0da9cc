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

/// Starts MPI without command-line arguments (Open MPI reads its own from the environment), for
/// calls from any thread one at a time (rank 0 hands runs out from a thread of its own): 0 when
/// started so, 1 when this MPI cannot, -1 when it did not start.
static inline int cmpi_init(void) {
    int provided = 0;
    if (MPI_Init_thread(NULL, NULL, MPI_THREAD_SERIALIZED, &provided) != MPI_SUCCESS) return -1;
    return provided >= MPI_THREAD_SERIALIZED ? 0 : 1;
}

/// The tags of a request for a run (to rank 0) and of its answer.
enum { CMPI_TAG_REQUEST = 101, CMPI_TAG_ANSWER = 102 };

/// Whether a request has come to this rank (rank 0) from another, without waiting; its sender
/// in `source`.
static inline int cmpi_request_waiting(int *source) {
    int flag = 0;
    MPI_Status status;
    MPI_Iprobe(MPI_ANY_SOURCE, CMPI_TAG_REQUEST, MPI_COMM_WORLD, &flag, &status);
    if (flag) *source = status.MPI_SOURCE;
    return flag;
}

/// Receives the waiting request of rank `source`.
static inline long long cmpi_receive_request(int source) {
    long long value = 0;
    MPI_Recv(&value, 1, MPI_LONG_LONG, source, CMPI_TAG_REQUEST, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return value;
}

/// Answers rank `destination`'s request.
static inline void cmpi_answer(int destination, long long value) {
    MPI_Send(&value, 1, MPI_LONG_LONG, destination, CMPI_TAG_ANSWER, MPI_COMM_WORLD);
}

/// Sends `value` to rank 0 as a request and, when `wait` is set, returns its answer.
static inline long long cmpi_request(long long value, int wait) {
    MPI_Send(&value, 1, MPI_LONG_LONG, 0, CMPI_TAG_REQUEST, MPI_COMM_WORLD);
    long long answer = -1;
    if (wait) MPI_Recv(&answer, 1, MPI_LONG_LONG, 0, CMPI_TAG_ANSWER, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return answer;
}

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
