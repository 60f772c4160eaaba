/* Fuzz target "map": map, unmap and map_length, with real and bad fds, lengths up to 1 TiB, and addresses inside, around and after mappings. */
#include "fuzz.h"

FUZZ_TARGET(OP_MAP, OP_MAP_LENGTH)
