/* C API test: uses only include/dualrec.h and the built library.
 * Usage: test_api <model_dir>   (the default models: catalogue ids are MovieLens ids)
 * Prints one line per check and "N passed, N failed" at the end; exit 1 on any failure. */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "dualrec.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed = 0, failed = 0;

#define CHECK(cond, what)                                                        \
  do {                                                                           \
    if (cond) {                                                                  \
      passed++;                                                                  \
    } else {                                                                     \
      char err_[512];                                                            \
      dualrec_last_error(err_, sizeof err_);                                     \
      failed++;                                                                  \
      printf("FAIL %s (line %d; last error: %s)\n", what, __LINE__, err_);       \
    }                                                                            \
  } while (0)

#define CHECK_STATUS(expr, want)                                                 \
  do {                                                                           \
    dualrec_status got_ = (expr);                                                \
    CHECK(got_ == (want), #expr " == " #want);                                   \
  } while (0)

struct worker {
  dualrec_engine *engine;
  uint64_t user;
  int errors;
};

static void *work(void *arg) {
  struct worker *w = arg;
  static const uint32_t movies[] = {1, 2, 3, 4, 5, 6, 7, 10, 11, 12};
  for (int i = 0; i < 200; i++) {
    if (dualrec_add_watch(w->engine, w->user, movies[i % 10], i) != DUALREC_STATUS_OK) w->errors++;
    dualrec_recommendation recs[5];
    size_t n = 0;
    if (dualrec_recommend(w->engine, w->user, recs, 5, &n) != DUALREC_STATUS_OK || n != 5) w->errors++;
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s MODEL_DIR\n", argv[0]);
    return 2;
  }
  const char *model_dir = argv[1];

  /* Version and status text. */
  CHECK(strcmp(dualrec_version(), DUALREC_VERSION_STRING) == 0, "version matches header");
  CHECK(strcmp(dualrec_status_str(DUALREC_STATUS_OK), "ok") == 0, "status_str ok");
  CHECK(strlen(dualrec_status_str(DUALREC_STATUS_MODEL_CHECKSUM)) > 0, "status_str checksum");
  /* Any integer is defined behaviour: the function takes the raw number. */
  CHECK(strcmp(dualrec_status_str(12345u), "unknown status") == 0, "status_str of a number that is no status");
  CHECK(strcmp(dualrec_status_str(UINT32_MAX), "unknown status") == 0, "status_str of UINT32_MAX");
  CHECK(strcmp(dualrec_status_str(DUALREC_STATUS_IO), "I/O error") == 0, "status_str io");

  /* Options and bad opens. */
  (dualrec_options_init)(NULL); /* the function itself: NULL is ignored */
  dualrec_options opts;
  CHECK_STATUS(dualrec_options_init_sized(NULL, sizeof opts), DUALREC_STATUS_NULL_POINTER);
  /* A caller whose struct is smaller (an older header): nothing written past it. */
  {
    unsigned char buf[sizeof(dualrec_options) + 16];
    size_t older = offsetof(dualrec_options, compact_bytes);
    memset(buf, 0xAB, sizeof buf);
    CHECK_STATUS(dualrec_options_init_sized((dualrec_options *)(void *)buf, older), DUALREC_STATUS_OK);
    int untouched = 1;
    for (size_t i = older; i < sizeof buf; i++) untouched &= buf[i] == 0xAB;
    CHECK(untouched, "options_init_sized writes nothing past the caller's size");
    dualrec_options small;
    memcpy(&small, buf, sizeof small);
    CHECK(small.struct_size == older && small.history_window == 30, "options_init_sized fills what fits");
    CHECK_STATUS(dualrec_options_init_sized((dualrec_options *)(void *)buf, 4), DUALREC_STATUS_STRUCT_SIZE);
  }
  dualrec_options_init(&opts); /* the header's macro: sizeof opts */
  CHECK(opts.struct_size == sizeof opts && opts.history_window == 30 && opts.stages == DUALREC_STAGE_AUTO &&
            opts.n_threads == 0 && opts.fusion == DUALREC_FUSION_AUTO && opts.query_reader == DUALREC_QUERY_READER_EXAMPLES,
        "options defaults");
  /* One thread per call: tests run in parallel on small CI machines, where
     several multi-threaded llama.cpp calls would starve each other. */
  opts.n_threads = 1;
  dualrec_engine *engine = NULL;
  CHECK_STATUS(dualrec_engine_open(NULL, &engine), DUALREC_STATUS_NULL_POINTER);
  opts.model_dir = model_dir;
  CHECK_STATUS(dualrec_engine_open(&opts, NULL), DUALREC_STATUS_NULL_POINTER);
  dualrec_options bad = opts;
  bad.struct_size = 0;
  CHECK_STATUS(dualrec_engine_open(&bad, &engine), DUALREC_STATUS_STRUCT_SIZE);
  bad = opts;
  bad.model_dir = "/nonexistent/dualrec-models";
  CHECK_STATUS(dualrec_engine_open(&bad, &engine), DUALREC_STATUS_MODEL_DIR_NOT_FOUND);
  bad.model_dir = "/";
  CHECK_STATUS(dualrec_engine_open(&bad, &engine), DUALREC_STATUS_MODEL_MISSING);
  bad.model_dir = "/tmp/\xff\xfe";
  CHECK_STATUS(dualrec_engine_open(&bad, &engine), DUALREC_STATUS_INVALID_UTF8);
  bad = opts;
  bad.verify = 7;
  CHECK_STATUS(dualrec_engine_open(&bad, &engine), DUALREC_STATUS_INVALID_ARGUMENT);
  bad = opts;
  bad.fusion = DUALREC_FUSION_AUTO + 1;
  CHECK_STATUS(dualrec_engine_open(&bad, &engine), DUALREC_STATUS_INVALID_ARGUMENT);
  bad = opts;
  bad.query_reader = DUALREC_QUERY_READER_LLM_ONLY + 1;
  CHECK_STATUS(dualrec_engine_open(&bad, &engine), DUALREC_STATUS_INVALID_ARGUMENT);
  CHECK(engine == NULL, "out untouched on failure");
  char err[512];
  CHECK(dualrec_last_error(err, sizeof err) > 0 && strlen(err) > 0, "last_error explains a failure");
  CHECK(dualrec_last_error(NULL, 0) > 0, "last_error length query");

  /* The real engine. A successful call clears the failure before it: what
     the caller reads after a call is about that call. */
  CHECK_STATUS(dualrec_engine_open(&opts, &engine), DUALREC_STATUS_OK);
  if (!engine) {
    printf("%d passed, %d failed\n", passed, failed + 1);
    return 1;
  }
  CHECK(dualrec_last_error(err, sizeof err) == 0 && err[0] == 0, "a successful open clears the last error");
  CHECK(dualrec_last_warning(err, sizeof err) == 0 && err[0] == 0, "a clean open has no warning");
  CHECK(dualrec_last_warning(NULL, 0) == 0, "last_warning length query");
  uint32_t stages = 0;
  CHECK_STATUS(dualrec_engine_stages(engine, &stages), DUALREC_STATUS_OK);
  printf("stages: 0x%x\n", stages);
  CHECK((stages & ~(uint32_t)DUALREC_STAGE_ALL) == 0, "resolved stages are stage bits");
  /* A CPU build offloads nothing; the LLM's layer count is reported. */
  uint32_t on_gpu = 99, layers = 99;
  CHECK_STATUS(dualrec_engine_gpu_layers(engine, &on_gpu, &layers), DUALREC_STATUS_OK);
  CHECK(on_gpu == 0, "no layer on a GPU in a CPU build");
  CHECK((stages & DUALREC_STAGE_LANGUAGE) ? layers > 0 : layers == 0, "layer count iff an LLM runs");
  CHECK_STATUS(dualrec_engine_gpu_layers(engine, NULL, NULL), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_engine_gpu_layers(NULL, &on_gpu, &layers), DUALREC_STATUS_NULL_POINTER);

  /* A viewer with 5 watches gets 10 real recommendations. */
  const uint64_t user = 42;
  const uint32_t watched[5] = {1, 2571, 260, 858, 296};
  for (int i = 0; i < 5; i++) CHECK_STATUS(dualrec_add_watch(engine, user, watched[i], 1000 + i), DUALREC_STATUS_OK);
  dualrec_recommendation recs[10];
  size_t n = 0;
  /* Preparing the next call (the LLM's prompt, when it runs) changes no answer. */
  CHECK_STATUS(dualrec_prepare(engine, user), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_prepare(engine, 123456789), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_prepare(NULL, user), DUALREC_STATUS_NULL_POINTER);
  CHECK_STATUS(dualrec_recommend(engine, user, recs, 10, &n), DUALREC_STATUS_OK);
  CHECK(n == 10, "10 recommendations");
  for (size_t i = 0; i < n; i++) {
    char title[256];
    size_t len = 0;
    CHECK_STATUS(dualrec_movie_title(engine, recs[i].movie_id, title, sizeof title, &len), DUALREC_STATUS_OK);
    CHECK(len == strlen(title), "title length");
    printf("rec %zu: %u %s score=%.4f sources=0x%x\n", i + 1, recs[i].movie_id, title, recs[i].score, recs[i].sources);
    for (int w = 0; w < 5; w++) CHECK(recs[i].movie_id != watched[w], "not in history");
    for (size_t j = 0; j < i; j++) CHECK(recs[i].movie_id != recs[j].movie_id, "distinct");
    if (i > 0) CHECK(recs[i - 1].score >= recs[i].score, "best first");
    CHECK(recs[i].sources != 0, "sources set");
  }
  /* Every call that may run concurrently takes a const engine (compiled with -Werror). */
  {
    const dualrec_engine *shared = engine;
    dualrec_recommendation few[3];
    size_t nfew = 0;
    CHECK_STATUS(dualrec_add_watch(shared, 77, 1, 1), DUALREC_STATUS_OK);
    CHECK_STATUS(dualrec_prepare(shared, 77), DUALREC_STATUS_OK);
    CHECK_STATUS(dualrec_recommend(shared, 77, few, 3, &nfew), DUALREC_STATUS_OK);
    CHECK_STATUS(dualrec_sync(shared), DUALREC_STATUS_OK);
    CHECK_STATUS(dualrec_forget_user(shared, 77), DUALREC_STATUS_OK);
    CHECK_STATUS(dualrec_forget_user(shared, 77), DUALREC_STATUS_UNKNOWN_USER);
    CHECK(dualrec_last_error(NULL, 0) > 0, "the failed forget left its error");
    CHECK_STATUS(dualrec_catalog_size(shared, &nfew), DUALREC_STATUS_OK);
    CHECK(dualrec_last_error(NULL, 0) == 0, "the next successful call cleared it");
  }
  if (stages & DUALREC_STAGE_LANGUAGE) {
    int from_llm = 0;
    for (size_t i = 0; i < n; i++) from_llm += (recs[i].sources & DUALREC_SOURCE_LANGUAGE) != 0;
    CHECK(from_llm > 0, "the language stage contributed");
  }

  /* Unknown movie: error, nothing recorded. */
  uint32_t hist[16];
  size_t hn = 0;
  CHECK_STATUS(dualrec_add_watch(engine, user, 999999, 2000), DUALREC_STATUS_UNKNOWN_MOVIE);
  CHECK_STATUS(dualrec_user_history(engine, user, hist, 16, &hn), DUALREC_STATUS_OK);
  CHECK(hn == 5 && hist[0] == 1 && hist[4] == 296, "history unchanged by unknown movie");
  CHECK_STATUS(dualrec_user_history(engine, user, hist, 2, &hn), DUALREC_STATUS_BUFFER_TOO_SMALL);
  CHECK(hn == 5, "history size needed");
  hn = 0;
  CHECK_STATUS(dualrec_user_history(engine, user, NULL, 0, &hn), DUALREC_STATUS_BUFFER_TOO_SMALL);
  CHECK(hn == 5, "history size asked with a NULL buffer");

  /* Bad arguments to recommend. */
  n = 77;
  CHECK_STATUS(dualrec_recommend(engine, user, recs, 0, &n), DUALREC_STATUS_INVALID_ARGUMENT);
  CHECK(n == 77, "out_len untouched on failure");
  CHECK_STATUS(dualrec_recommend(engine, user, NULL, 10, &n), DUALREC_STATUS_NULL_POINTER);
  CHECK_STATUS(dualrec_recommend(engine, user, recs, 10, NULL), DUALREC_STATUS_NULL_POINTER);
  CHECK_STATUS(dualrec_recommend(NULL, user, recs, 10, &n), DUALREC_STATUS_NULL_POINTER);
  CHECK_STATUS(dualrec_recommend(engine, user, recs, SIZE_MAX, &n), DUALREC_STATUS_INVALID_ARGUMENT);
  size_t cat = 0;
  CHECK_STATUS(dualrec_catalog_size(engine, &cat), DUALREC_STATUS_OK);
  CHECK(cat == 3883, "catalogue size");
  dualrec_recommendation *all = calloc(cat + 100, sizeof *all);
  CHECK_STATUS(dualrec_recommend(engine, user, all, cat + 100, &n), DUALREC_STATUS_OK);
  CHECK(n == cat - 5, "capacity above the catalogue returns every unwatched movie");
  free(all);

  /* Titles, genres, years, lookup. */
  char small[4];
  size_t need = 0;
  CHECK_STATUS(dualrec_movie_title(engine, 2571, small, sizeof small, &need), DUALREC_STATUS_BUFFER_TOO_SMALL);
  CHECK(need == strlen("The Matrix (1999)") + 1, "size needed includes NUL");
  CHECK_STATUS(dualrec_movie_title(engine, 2571, NULL, 0, &need), DUALREC_STATUS_BUFFER_TOO_SMALL);
  char title[64];
  CHECK_STATUS(dualrec_movie_title(engine, 2571, title, need, NULL), DUALREC_STATUS_OK);
  CHECK(strcmp(title, "The Matrix (1999)") == 0, "display title");
  CHECK_STATUS(dualrec_movie_title(engine, 999999, title, sizeof title, NULL), DUALREC_STATUS_UNKNOWN_MOVIE);
  CHECK_STATUS(dualrec_movie_genres(engine, 2571, title, sizeof title, NULL), DUALREC_STATUS_OK);
  CHECK(strcmp(title, "Action|Sci-Fi|Thriller") == 0, "genres");
  uint16_t year = 0;
  CHECK_STATUS(dualrec_movie_year(engine, 2571, &year), DUALREC_STATUS_OK);
  CHECK(year == 1999, "year");
  uint32_t id = 0;
  CHECK_STATUS(dualrec_find_movie(engine, "matrix, the", &id), DUALREC_STATUS_OK);
  CHECK(id == 2571, "find by title");
  CHECK_STATUS(dualrec_find_movie(engine, "No Such Movie Ever", &id), DUALREC_STATUS_NO_SUCH_TITLE);
  CHECK_STATUS(dualrec_find_movie(engine, "bad \xff utf8", &id), DUALREC_STATUS_INVALID_UTF8);
  CHECK_STATUS(dualrec_find_movie(engine, NULL, &id), DUALREC_STATUS_NULL_POINTER);

  /* A viewer's request: read into genres, years and titles; hostile input refused clearly. */
  {
    dualrec_recommendation q[10];
    size_t qn = 99;
    const uint32_t seen[] = {1, 2571, 260};
    for (int i = 0; i < 3; i++) CHECK_STATUS(dualrec_add_watch(engine, 77, seen[i], 100 + i), DUALREC_STATUS_OK);
    CHECK_STATUS(dualrec_recommend_query(engine, 77, "something scary from the eighties", q, 10, &qn), DUALREC_STATUS_OK);
    CHECK(qn == 10, "a request fills the list");
    int all_match = 1;
    for (size_t i = 0; i < qn; i++) {
      char g[256];
      uint16_t y = 0;
      if (dualrec_movie_genres(engine, q[i].movie_id, g, sizeof g, NULL) != DUALREC_STATUS_OK || strstr(g, "Horror") == NULL) all_match = 0;
      if (dualrec_movie_year(engine, q[i].movie_id, &y) != DUALREC_STATUS_OK || y < 1980 || y > 1989) all_match = 0;
      if (q[i].movie_id == 1 || q[i].movie_id == 2571 || q[i].movie_id == 260) all_match = 0;
    }
    CHECK(all_match, "scary + eighties: every item is an unwatched 1980s horror movie");
    CHECK_STATUS(dualrec_recommend_query(engine, 77, "a comedy like Toy Story 2", q, 10, &qn), DUALREC_STATUS_OK);
    int comedies = qn == 10;
    for (size_t i = 0; i < qn; i++) {
      char g[256];
      if (dualrec_movie_genres(engine, q[i].movie_id, g, sizeof g, NULL) != DUALREC_STATUS_OK || strstr(g, "Comedy") == NULL) comedies = 0;
      if (q[i].movie_id == 3114) comedies = 0; /* the reference itself is not recommended */
    }
    CHECK(comedies, "comedy like Toy Story 2: comedies, not the reference");
    /* A phrase no rule reads goes to the LLM request reader (loaded on this first such request). */
    CHECK_STATUS(dualrec_recommend_query(engine, 77, "an explosive blockbuster", q, 10, &qn), DUALREC_STATUS_OK);
    int action = qn == 10;
    for (size_t i = 0; i < qn; i++) {
      char g[256];
      if (dualrec_movie_genres(engine, q[i].movie_id, g, sizeof g, NULL) != DUALREC_STATUS_OK || strstr(g, "Action") == NULL) action = 0;
    }
    CHECK(action, "explosive blockbuster: the LLM reader names Action, which filters");
    CHECK_STATUS(dualrec_recommend_query(engine, 424242, "animated", q, 5, &qn), DUALREC_STATUS_OK);
    CHECK(qn == 5, "a viewer without history gets the request's popular movies");
    CHECK_STATUS(dualrec_recommend_query(engine, 77, "a western from 2015", q, 10, &qn), DUALREC_STATUS_OK);
    CHECK(qn == 0, "nothing matches: OK and an empty list");
    char warn[256] = "";
    CHECK(dualrec_last_warning(warn, sizeof warn) > 0, "a warning is set");
    CHECK(strstr(warn, "no unwatched catalogue movie") != NULL, "and a warning says why");
    CHECK_STATUS(dualrec_recommend_query(engine, 77, "", q, 10, &qn), DUALREC_STATUS_UNCLEAR_REQUEST);
    CHECK_STATUS(dualrec_recommend_query(engine, 77, "xqzv blorf wug", q, 10, &qn), DUALREC_STATUS_UNCLEAR_REQUEST);
    char err[512] = "";
    dualrec_last_error(err, sizeof err);
    CHECK(strstr(err, "request") != NULL, "the error names the request");
    CHECK_STATUS(dualrec_recommend_query(engine, 77, "scary \xff\xfe", q, 10, &qn), DUALREC_STATUS_INVALID_UTF8);
    CHECK_STATUS(dualrec_recommend_query(NULL, 77, "scary", q, 10, &qn), DUALREC_STATUS_NULL_POINTER);
    CHECK_STATUS(dualrec_recommend_query(engine, 77, NULL, q, 10, &qn), DUALREC_STATUS_NULL_POINTER);
    CHECK_STATUS(dualrec_recommend_query(engine, 77, "scary", NULL, 10, &qn), DUALREC_STATUS_NULL_POINTER);
    CHECK_STATUS(dualrec_recommend_query(engine, 77, "scary", q, 10, NULL), DUALREC_STATUS_NULL_POINTER);
    CHECK_STATUS(dualrec_recommend_query(engine, 77, "scary", q, 0, &qn), DUALREC_STATUS_INVALID_ARGUMENT);
    size_t big = 200000;
    char *huge = malloc(big + 1);
    for (size_t i = 0; i < big; i++) huge[i] = "horror "[i % 7];
    huge[big] = 0;
    CHECK_STATUS(dualrec_recommend_query(engine, 77, huge, q, 10, &qn), DUALREC_STATUS_OK);
    CHECK(qn == 10, "a 200 kB request is read (its first words)");
    for (size_t i = 0; i < big; i++) huge[i] = "blorf "[i % 6];
    CHECK_STATUS(dualrec_recommend_query(engine, 77, huge, q, 10, &qn), DUALREC_STATUS_UNCLEAR_REQUEST);
    free(huge);
    CHECK_STATUS(dualrec_forget_user(engine, 77), DUALREC_STATUS_OK);
  }

  /* Titles added on the device: bad input refused, nothing changed. */
  size_t cat_before = 0, cat_after = 0;
  CHECK_STATUS(dualrec_catalog_size(engine, &cat_before), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_add_movie(engine, 2571, "Another Matrix", 2026, "Action"), DUALREC_STATUS_MOVIE_EXISTS);
  CHECK_STATUS(dualrec_add_movie(NULL, 900001, "Neo Rising", 2026, "Action"), DUALREC_STATUS_NULL_POINTER);
  CHECK_STATUS(dualrec_add_movie(engine, 900001, NULL, 2026, "Action"), DUALREC_STATUS_NULL_POINTER);
  CHECK_STATUS(dualrec_add_movie(engine, 900001, "Neo Rising", 2026, NULL), DUALREC_STATUS_NULL_POINTER);
  CHECK_STATUS(dualrec_add_movie(engine, 900001, "", 2026, "Action"), DUALREC_STATUS_INVALID_ARGUMENT);
  CHECK_STATUS(dualrec_add_movie(engine, 900001, "Tab\there", 2026, "Action"), DUALREC_STATUS_INVALID_ARGUMENT);
  CHECK_STATUS(dualrec_add_movie(engine, 900001, "Neo Rising", 2026, "Action\nSci-Fi"), DUALREC_STATUS_INVALID_ARGUMENT);
  CHECK_STATUS(dualrec_add_movie(engine, 900001, "bad \xff utf8", 2026, "Action"), DUALREC_STATUS_INVALID_UTF8);
  CHECK_STATUS(dualrec_add_movie(engine, 900001, "Neo Rising", -1, "Action"), DUALREC_STATUS_INVALID_ARGUMENT);
  CHECK_STATUS(dualrec_add_movie(engine, 900001, "Neo Rising", 10000, "Action"), DUALREC_STATUS_INVALID_ARGUMENT);
  CHECK_STATUS(dualrec_catalog_size(engine, &cat_after), DUALREC_STATUS_OK);
  CHECK(cat_after == cat_before, "refused titles add nothing");
  /* A new release: found, described, watchable, ranked by content. */
  CHECK_STATUS(dualrec_add_movie(engine, 900001, "Matrix Resurgence, The", 2026, "Action|Sci-Fi|Thriller"), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_catalog_size(engine, &cat_after), DUALREC_STATUS_OK);
  CHECK(cat_after == cat_before + 1, "added title counted");
  CHECK_STATUS(dualrec_movie_title(engine, 900001, title, sizeof title, NULL), DUALREC_STATUS_OK);
  CHECK(strcmp(title, "The Matrix Resurgence (2026)") == 0, "added title displayed");
  CHECK_STATUS(dualrec_find_movie(engine, "The Matrix Resurgence", &id), DUALREC_STATUS_OK);
  CHECK(id == 900001, "added title found");
  const uint64_t scifi = 424242;
  static const uint32_t scifi_watches[] = {260, 1196, 1210, 2571, 1240, 589, 1200, 1214, 541, 1270};
  for (int i = 0; i < 10; i++) CHECK_STATUS(dualrec_add_watch(engine, scifi, scifi_watches[i], 100 + i), DUALREC_STATUS_OK);
  size_t big = cat_after + 10;
  dualrec_recommendation *ranked = calloc(big, sizeof *ranked);
  CHECK_STATUS(dualrec_recommend(engine, scifi, ranked, big, &n), DUALREC_STATUS_OK);
  size_t pos = n;
  for (size_t i = 0; i < n; i++)
    if (ranked[i].movie_id == 900001) pos = i;
  CHECK(pos < n && (ranked[pos].sources & DUALREC_SOURCE_SEMANTIC), "the added title is ranked, by content");
  CHECK(n == cat_after - 10, "the full list holds every unwatched movie, the added one included");
  CHECK_STATUS(dualrec_add_watch(engine, scifi, 900001, 200), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_recommend(engine, scifi, ranked, 10, &n), DUALREC_STATUS_OK);
  CHECK(n == 10, "recommend around a watched added title");
  for (size_t i = 0; i < n; i++) CHECK(ranked[i].movie_id != 900001, "a watched added title is not recommended");
  free(ranked);
  /* Same title as a shipped movie: find needs the year. */
  CHECK_STATUS(dualrec_add_movie(engine, 900002, "Matrix, The", 2026, "Documentary"), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_find_movie(engine, "The Matrix", &id), DUALREC_STATUS_AMBIGUOUS_TITLE);
  CHECK_STATUS(dualrec_find_movie(engine, "The Matrix (1999)", &id), DUALREC_STATUS_OK);
  CHECK(id == 2571, "the year decides");
  /* Removal: not found, not watchable, not recommended; the id may come back. */
  CHECK_STATUS(dualrec_remove_movie(engine, 900002), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_remove_movie(engine, 900002), DUALREC_STATUS_UNKNOWN_MOVIE);
  CHECK_STATUS(dualrec_remove_movie(engine, 31337000), DUALREC_STATUS_UNKNOWN_MOVIE);
  CHECK_STATUS(dualrec_find_movie(engine, "The Matrix", &id), DUALREC_STATUS_OK);
  CHECK(id == 2571, "a removed title is not found");
  CHECK_STATUS(dualrec_add_watch(engine, scifi, 900002, 300), DUALREC_STATUS_UNKNOWN_MOVIE);
  CHECK_STATUS(dualrec_remove_movie(engine, 2571), DUALREC_STATUS_OK);
  dualrec_recommendation all_recs[64];
  CHECK_STATUS(dualrec_recommend(engine, 9191, all_recs, 64, &n), DUALREC_STATUS_OK);
  for (size_t i = 0; i < n; i++) CHECK(all_recs[i].movie_id != 2571, "a removed shipped movie is not recommended");
  CHECK_STATUS(dualrec_add_movie(engine, 2571, "Matrix, The", 1999, "Action|Sci-Fi|Thriller"), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_add_watch(engine, 9191, 2571, 1), DUALREC_STATUS_OK);

  /* Cold start. */
  CHECK_STATUS(dualrec_recommend(engine, 777777, recs, 10, &n), DUALREC_STATUS_OK);
  CHECK(n == 10 && (recs[0].sources & DUALREC_SOURCE_POPULARITY), "cold start from popularity");

  /* Many threads on one engine (without the LLM stage, to keep the test short). */
  dualrec_options fast_opts = opts;
  fast_opts.stages = stages & DUALREC_STAGE_SEQUENTIAL;
  dualrec_engine *fast = NULL;
  CHECK_STATUS(dualrec_engine_open(&fast_opts, &fast), DUALREC_STATUS_OK);
  pthread_t th[4];
  struct worker ws[4];
  for (int t = 0; t < 4; t++) {
    ws[t].engine = fast;
    ws[t].user = 5000 + (uint64_t)t;
    ws[t].errors = 0;
    pthread_create(&th[t], NULL, work, &ws[t]);
  }
  for (int t = 0; t < 4; t++) {
    pthread_join(th[t], NULL);
    CHECK(ws[t].errors == 0, "concurrent add_watch/recommend");
    CHECK_STATUS(dualrec_user_history(fast, ws[t].user, hist, 16, &hn), DUALREC_STATUS_OK);
    CHECK(hn == 10, "no watch lost under concurrency");
  }
  dualrec_engine_free(fast);

  /* Durable histories: 4 threads write through the journal; a reopen restores them. */
  char state_dir[] = "/tmp/dualrec-state-XXXXXX";
  CHECK(mkdtemp(state_dir) != NULL, "mkdtemp");
  dualrec_options durable_opts = fast_opts;
  durable_opts.state_dir = state_dir;
  durable_opts.sync = DUALREC_SYNC_BATCHED;
  durable_opts.compact_bytes = 4096;
  dualrec_engine *durable = NULL, *second = NULL;
  CHECK_STATUS(dualrec_engine_open(&durable_opts, &durable), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_engine_open(&durable_opts, &second), DUALREC_STATUS_STATE_LOCKED);
  for (int t = 0; t < 4; t++) {
    ws[t].engine = durable;
    ws[t].errors = 0;
    pthread_create(&th[t], NULL, work, &ws[t]);
  }
  for (int t = 0; t < 4; t++) {
    pthread_join(th[t], NULL);
    CHECK(ws[t].errors == 0, "concurrent durable add_watch/recommend");
  }
  CHECK_STATUS(dualrec_forget_user(durable, ws[0].user), DUALREC_STATUS_OK);
  /* Added titles are durable beside the histories, watches of them too. */
  CHECK_STATUS(dualrec_add_movie(durable, 900010, "Durable Premiere", 2026, "Drama"), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_add_movie(durable, 900011, "Gone Soon", 2026, "Drama"), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_remove_movie(durable, 900011), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_add_watch(durable, ws[1].user, 900010, 10000), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_sync(durable), DUALREC_STATUS_OK);
  dualrec_engine_free(durable);
  durable = NULL;
  CHECK_STATUS(dualrec_engine_open(&durable_opts, &durable), DUALREC_STATUS_OK);
  for (int t = 0; t < 4; t++) {
    CHECK_STATUS(dualrec_user_history(durable, ws[t].user, hist, 16, &hn), DUALREC_STATUS_OK);
    CHECK(hn == (t == 0 ? 0u : t == 1 ? 11u : 10u), "histories restored from the state directory, forgotten user absent");
  }
  CHECK_STATUS(dualrec_user_history(durable, ws[1].user, hist, 16, &hn), DUALREC_STATUS_OK);
  CHECK(hn == 11 && hist[10] == 900010, "a watch of an added title restored");
  CHECK_STATUS(dualrec_movie_title(durable, 900010, title, sizeof title, NULL), DUALREC_STATUS_OK);
  CHECK(strcmp(title, "Durable Premiere (2026)") == 0, "added title restored");
  CHECK_STATUS(dualrec_add_watch(durable, ws[1].user, 900011, 1), DUALREC_STATUS_UNKNOWN_MOVIE);
  CHECK_STATUS(dualrec_add_movie(durable, 900010, "Durable Premiere", 2026, "Drama"), DUALREC_STATUS_MOVIE_EXISTS);
  /* Titles added while four threads recommend and watch. */
  for (int t = 0; t < 4; t++) {
    ws[t].engine = durable;
    ws[t].errors = 0;
    pthread_create(&th[t], NULL, work, &ws[t]);
  }
  int add_errors = 0;
  for (uint32_t m = 0; m < 20; m++) {
    char name[32];
    snprintf(name, sizeof name, "Concurrent Premiere %u", m);
    if (dualrec_add_movie(durable, 910000 + m, name, 2026, "Comedy") != DUALREC_STATUS_OK) add_errors++;
  }
  for (int t = 0; t < 4; t++) {
    pthread_join(th[t], NULL);
    CHECK(ws[t].errors == 0, "recommend and add_watch during add_movie");
  }
  CHECK(add_errors == 0, "add_movie during recommend");
  dualrec_engine_free(durable);
  static const char *const state_files[] = {"journal.bin", "snapshot.bin", "lock", "initialised", "titles.tsv"};
  for (int f = 0; f < 5; f++) {
    char path[128];
    snprintf(path, sizeof path, "%s/%s", state_dir, state_files[f]);
    unlink(path);
  }
  CHECK(rmdir(state_dir) == 0, "state directory holds only journal, snapshot, lock, the initialised marker and titles.tsv");

  /* Forget. */
  CHECK_STATUS(dualrec_forget_user(engine, user), DUALREC_STATUS_OK);
  CHECK_STATUS(dualrec_forget_user(engine, user), DUALREC_STATUS_UNKNOWN_USER);
  CHECK_STATUS(dualrec_user_history(engine, user, hist, 16, &hn), DUALREC_STATUS_OK);
  CHECK(hn == 0, "forgotten user has no history");
  hn = 77;
  CHECK_STATUS(dualrec_user_history(engine, user, NULL, 0, &hn), DUALREC_STATUS_OK);
  CHECK(hn == 0, "an empty history asked with a NULL buffer");

  dualrec_engine_free(engine);
  dualrec_engine_free(NULL);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
