/* Fuzz target "fault_loop": pagerace_fault_loop with every method and bad ones, real and bad fds and addresses, offsets at page edges and beyond EOF, after truncates (at most 8 faults per call). */
#include "fuzz.h"

FUZZ_TARGET(OP_FAULT_LOOP, OP_FAULT_LOOP)
