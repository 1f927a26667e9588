/* Smallest useful libdualrec program: a viewer's five watches in, ten movies out.
 * Usage: recommend MODEL_DIR [STAGES]   (STAGES: DUALREC_STAGE_* bits; default: every stage) */
#include "dualrec.h"

#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  dualrec_options opts;
  dualrec_options_init(&opts);
  opts.model_dir = argc > 1 ? argv[1] : "models";
  opts.n_threads = 1;
  if (argc > 2) opts.stages = (uint32_t)strtoul(argv[2], NULL, 0);

  dualrec_engine *engine = NULL;
  dualrec_status st = dualrec_engine_open(&opts, &engine);
  if (st != DUALREC_STATUS_OK) {
    char why[512];
    dualrec_last_error(why, sizeof why);
    fprintf(stderr, "open failed: %s (%s)\n", dualrec_status_str(st), why);
    return 1;
  }

  const char *watched[] = {"Toy Story (1995)", "Aladdin (1992)", "The Lion King (1994)", "Beauty and the Beast (1991)",
                           "Jurassic Park (1993)"};
  for (int i = 0; i < 5; i++) {
    uint32_t id = 0;
    if (dualrec_find_movie(engine, watched[i], &id) != DUALREC_STATUS_OK ||
        dualrec_add_watch(engine, 1, id, 1700000000 + 3600 * i) != DUALREC_STATUS_OK) {
      fprintf(stderr, "cannot add %s\n", watched[i]);
      dualrec_engine_free(engine);
      return 1;
    }
  }

  dualrec_recommendation recs[10];
  size_t n = 0;
  st = dualrec_recommend(engine, 1, recs, 10, &n);
  if (st != DUALREC_STATUS_OK) {
    fprintf(stderr, "recommend failed: %s\n", dualrec_status_str(st));
    dualrec_engine_free(engine);
    return 1;
  }
  for (size_t i = 0; i < n; i++) {
    char title[256];
    if (dualrec_movie_title(engine, recs[i].movie_id, title, sizeof title, NULL) != DUALREC_STATUS_OK) title[0] = 0;
    printf("%2zu. %s\n", i + 1, title);
  }
  dualrec_engine_free(engine);
  return 0;
}
