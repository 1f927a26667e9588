/* A model directory built by `dualrec-train build` from the synthetic plain
 * layout (`dualrec-train synth`: ids 1000 + 7k, genres Krimi..Anime), opened
 * through the C ABI only; a title is added and ranked.
 * Usage: test_catalogue <model_dir>; exit 1 on any failure. */
#include "dualrec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failed = 0;
#define CHECK(cond, what)                                   \
  do {                                                      \
    if (!(cond)) {                                          \
      char err_[512];                                       \
      dualrec_last_error(err_, sizeof err_);                \
      printf("FAIL %s (line %d; %s)\n", what, __LINE__, err_); \
      failed++;                                             \
    }                                                       \
  } while (0)

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  dualrec_options opts;
  dualrec_options_init(&opts);
  opts.model_dir = argv[1];
  opts.n_threads = 1;
  dualrec_engine *e = NULL;
  CHECK(dualrec_engine_open(&opts, &e) == DUALREC_STATUS_OK, "open the built directory");
  if (!e) return 1;
  uint32_t stages = 0;
  CHECK(dualrec_engine_stages(e, &stages) == DUALREC_STATUS_OK, "stages");
  CHECK((stages & (DUALREC_STAGE_SEQUENTIAL | DUALREC_STAGE_SEMANTIC)) == (DUALREC_STAGE_SEQUENTIAL | DUALREC_STAGE_SEMANTIC), "sequential and semantic stages built");
  size_t n = 0;
  CHECK(dualrec_catalog_size(e, &n) == DUALREC_STATUS_OK && n == 240, "240 synthetic titles");
  for (uint32_t k = 0; k < 6; k++) CHECK(dualrec_add_watch(e, 1, 1000 + 7 * (6 * k), (int64_t)k) == DUALREC_STATUS_OK, "watch");
  CHECK(dualrec_add_watch(e, 1, 1001, 9) == DUALREC_STATUS_UNKNOWN_MOVIE, "ids are the catalogue's own");
  char title[128];
  CHECK(dualrec_movie_genres(e, 1000, title, sizeof title, NULL) == DUALREC_STATUS_OK && strncmp(title, "Krimi", 5) == 0, "the catalogue's genre vocabulary");
  dualrec_recommendation recs[10];
  size_t got = 0;
  CHECK(dualrec_recommend(e, 1, recs, 10, &got) == DUALREC_STATUS_OK && got == 10, "ten recommendations");
  /* A new title in the viewer's genre, then ranked by content. */
  CHECK(dualrec_add_movie(e, 5, "Nacht der Straße Neu", 2026, "Krimi") == DUALREC_STATUS_OK, "add a title");
  CHECK(dualrec_add_movie(e, 5, "Again", 2026, "Krimi") == DUALREC_STATUS_MOVIE_EXISTS, "the id is taken");
  uint32_t id = 0;
  CHECK(dualrec_find_movie(e, "nacht der strasse neu", &id) == DUALREC_STATUS_NO_SUCH_TITLE || id == 5, "lookup");
  CHECK(dualrec_find_movie(e, "Nacht der Straße Neu", &id) == DUALREC_STATUS_OK && id == 5, "find the added title");
  dualrec_recommendation *all = calloc(n + 1, sizeof *all);
  CHECK(dualrec_recommend(e, 1, all, n + 1, &got) == DUALREC_STATUS_OK && got == n + 1 - 6, "every unwatched title, the added one included");
  int found = 0;
  for (size_t i = 0; i < got; i++)
    if (all[i].movie_id == 5) found = (all[i].sources & DUALREC_SOURCE_SEMANTIC) != 0;
  CHECK(found, "the added title is ranked by content");
  free(all);
  dualrec_engine_free(e);
  printf("%d failed\n", failed);
  return failed ? 1 : 0;
}
