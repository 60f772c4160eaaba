/* Fuzz target "access": the safe store and load (store64, load64) at every kind of address and offset, with the file truncated under the mapping between calls (beyond EOF must be -EFAULT, never SIGBUS). */
#include "fuzz.h"

FUZZ_TARGET(OP_STORE64, OP_LOAD64)
