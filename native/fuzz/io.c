/* Fuzz target "io": pread and pwrite with real and bad fds, lengths up to the buffer and beyond it with a NULL buffer, offsets up to INT64_MAX. */
#include "fuzz.h"

FUZZ_TARGET(OP_PREAD, OP_PWRITE)
