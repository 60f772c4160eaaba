/* Fuzz target "files": open, create_tmp, close, ftruncate, punch_hole, fadvise_dontneed, file_size, pin_cpu and the constant calls, on real, closed and invalid fds and paths (NULL, empty, missing, too long, procfs). */
#include "fuzz.h"

FUZZ_TARGET(OP_OPEN, OP_MISC)
