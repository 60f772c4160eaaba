/*
 * replay-main.c - the libFuzzer driver's replay mode, for machines without clang: feeds every file named
 * on the command line (or found in a directory named there) to LLVMFuzzerTestOneInput once, in order,
 * and prints how many it ran. Built with gcc and ASan+UBSan by `make fuzz-replay`; a crash, a sanitizer
 * report or a leak fails the run, as it would under libFuzzer.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		perror(path);
		exit(2);
	}
	buf = malloc(len ? (size_t)len : 1);
	if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) {
		perror(path);
		exit(2);
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, (size_t)len);
	free(buf);
	return 1;
}


int main(int argc, char **argv)
{
	int n = 0;

	for (int i = 1; i < argc; i++) {
		struct dirent **names;
		struct stat st;
		int k;

		if (stat(argv[i], &st) != 0) {
			perror(argv[i]);
			return 2;
		}
		if (!S_ISDIR(st.st_mode)) {
			n += replay_file(argv[i]);
			continue;
		}
		k = scandir(argv[i], &names, NULL, alphasort);
		if (k < 0) {
			perror(argv[i]);
			return 2;
		}
		for (int j = 0; j < k; j++) {
			char path[4096];

			if (names[j]->d_name[0] != '.') {
				snprintf(path, sizeof(path), "%s/%s", argv[i], names[j]->d_name);
				n += replay_file(path);
			}
			free(names[j]);
		}
		free(names);
	}
	printf("replayed %d inputs\n", n);
	return 0;
}
