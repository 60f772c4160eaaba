/* Fuzz target "range": msync (every flag value), madvise_dontneed and page_state over ranges inside, across and outside mappings, with matching and other fds. */
#include "fuzz.h"

FUZZ_TARGET(OP_MSYNC, OP_PAGE_STATE)
