// dualrec.hpp — header-only C++17 wrapper over the C API in dualrec.h.
//
// RAII, move-only owners whose destructors call the C frees; failures throw
// dualrec::Error carrying the status and the library's message. Thread
// safety is the C API's: one Engine may be used from many threads at once.
#ifndef DUALREC_HPP
#define DUALREC_HPP

#include "dualrec.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace dualrec {

class Error : public std::runtime_error {
 public:
  Error(dualrec_status status, const std::string& what) : std::runtime_error(what), status_(status) {}
  dualrec_status status() const noexcept { return status_; }

 private:
  dualrec_status status_;
};

namespace detail {
inline std::string read_message(size_t (*fn)(char*, size_t)) {
  std::string s(fn(nullptr, 0), '\0');
  if (!s.empty()) fn(&s[0], s.size() + 1);
  return s;
}
inline std::string last_error() { return read_message(dualrec_last_error); }
inline void check(dualrec_status st) {
  if (st != DUALREC_STATUS_OK) {
    std::string msg = dualrec_status_str(st);
    std::string detail = last_error();
    if (!detail.empty()) msg += ": " + detail;
    throw Error(st, msg);
  }
}
}  // namespace detail

/// What the calling thread's last successful call skipped or repaired ("" if nothing).
inline std::string last_warning() { return detail::read_message(dualrec_last_warning); }

namespace detail {
struct EngineDeleter {
  void operator()(dualrec_engine* e) const noexcept { dualrec_engine_free(e); }
};
}  // namespace detail

struct Recommendation {
  uint32_t movie_id;
  float score;
  uint32_t sources;  // DUALREC_SOURCE_* bits
};

// Engine options with the library's defaults; see dualrec_options in dualrec.h.
struct Options {
  std::optional<std::string> model_dir;  // unset: DUALREC_MODEL_DIR, as the C default (NULL)
  uint32_t n_threads = 0;
  int32_t n_gpu_layers = 0;
  uint32_t stages = DUALREC_STAGE_AUTO;
  uint32_t history_window = 30;
  bool verify_sha256 = true;
  std::optional<std::string> onnxruntime_path;
  uint32_t fusion = DUALREC_FUSION_AUTO;
  uint32_t rerank = DUALREC_RERANK_HISTORY_CENTROID;
  std::optional<uint32_t> llm_shortlist;  // unset: the library's default
  std::optional<std::string> state_dir;   // unset: histories in memory only
  uint32_t sync = DUALREC_SYNC_ALWAYS;    // DUALREC_SYNC_* for the state journal
  uint64_t compact_bytes = 0;             // 0: the library's default (1 MiB)
  uint32_t query_reader = DUALREC_QUERY_READER_EXAMPLES;  // DUALREC_QUERY_READER_* for recommend_query
};

class Engine {
 public:
  explicit Engine(const Options& o = Options()) {
    dualrec_options c;
    dualrec_options_init(&c);
    c.model_dir = o.model_dir ? o.model_dir->c_str() : nullptr;
    c.n_threads = o.n_threads;
    c.n_gpu_layers = o.n_gpu_layers;
    c.stages = o.stages;
    c.history_window = o.history_window;
    c.verify = o.verify_sha256 ? DUALREC_VERIFY_FULL : DUALREC_VERIFY_SIZE;
    c.onnxruntime_path = o.onnxruntime_path ? o.onnxruntime_path->c_str() : nullptr;
    c.fusion = o.fusion;
    c.rerank = o.rerank;
    if (o.llm_shortlist) c.llm_shortlist = *o.llm_shortlist;
    c.state_dir = o.state_dir ? o.state_dir->c_str() : nullptr;
    c.sync = o.sync;
    c.compact_bytes = o.compact_bytes;
    c.query_reader = o.query_reader;
    dualrec_engine* e = nullptr;
    detail::check(dualrec_engine_open(&c, &e));
    engine_.reset(e);
  }
  Engine(Engine&&) noexcept = default;
  Engine& operator=(Engine&&) noexcept = default;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  void add_watch(uint64_t user, uint32_t movie_id, int64_t unix_time) {
    detail::check(dualrec_add_watch(engine_.get(), user, movie_id, unix_time));
  }
  // Decodes the LLM prompt of the viewer's next recommend ahead of it (a
  // no-op when the engine runs no LLM for them). Thread-safe.
  void prepare(uint64_t user) { detail::check(dualrec_prepare(engine_.get(), user)); }

  std::vector<Recommendation> recommend(uint64_t user, size_t k = 10) {
    std::vector<dualrec_recommendation> buf(k > 0 ? k : 1);  // k = 0: INVALID_ARGUMENT, as in C
    size_t n = 0;
    detail::check(dualrec_recommend(engine_.get(), user, buf.data(), k, &n));
    std::vector<Recommendation> out;
    out.reserve(n);
    for (size_t i = 0; i < n; i++) out.push_back({buf[i].movie_id, buf[i].score, buf[i].sources});
    return out;
  }
  // Recommendations within a viewer's request ("something scary from the eighties"; dualrec_recommend_query).
  std::vector<Recommendation> recommend(uint64_t user, const std::string& request, size_t k = 10) {
    std::vector<dualrec_recommendation> buf(k > 0 ? k : 1);  // k = 0: INVALID_ARGUMENT, as in C
    size_t n = 0;
    detail::check(dualrec_recommend_query(engine_.get(), user, request.c_str(), buf.data(), k, &n));
    std::vector<Recommendation> out;
    out.reserve(n);
    for (size_t i = 0; i < n; i++) out.push_back({buf[i].movie_id, buf[i].score, buf[i].sources});
    return out;
  }
  void forget_user(uint64_t user) { detail::check(dualrec_forget_user(engine_.get(), user)); }
  // A title the models have never seen (dualrec_add_movie): genres '|'-separated, year 0 = unknown.
  void add_movie(uint32_t movie_id, const std::string& title, int32_t year, const std::string& genres) {
    detail::check(dualrec_add_movie(engine_.get(), movie_id, title.c_str(), year, genres.c_str()));
  }
  void remove_movie(uint32_t movie_id) { detail::check(dualrec_remove_movie(engine_.get(), movie_id)); }
  // Forces journaled watches to stable storage (DUALREC_SYNC_BATCHED / _NONE).
  void sync() { detail::check(dualrec_sync(engine_.get())); }
  std::vector<uint32_t> history(uint64_t user) const {
    size_t n = 0;
    dualrec_status st = dualrec_user_history(engine_.get(), user, nullptr, 0, &n);
    if (st == DUALREC_STATUS_OK) return {};
    if (st != DUALREC_STATUS_BUFFER_TOO_SMALL) detail::check(st);
    std::vector<uint32_t> ids(n);
    detail::check(dualrec_user_history(engine_.get(), user, ids.data(), ids.size(), &n));
    ids.resize(n);
    return ids;
  }
  std::string title(uint32_t movie_id) const { return text(dualrec_movie_title, movie_id); }
  std::string genres(uint32_t movie_id) const { return text(dualrec_movie_genres, movie_id); }
  uint16_t year(uint32_t movie_id) const {
    uint16_t y = 0;
    detail::check(dualrec_movie_year(engine_.get(), movie_id, &y));
    return y;
  }
  // The movie whose title matches, or std::nullopt; throws when several match (add the year).
  std::optional<uint32_t> find(const std::string& title) const {
    uint32_t id = 0;
    dualrec_status st = dualrec_find_movie(engine_.get(), title.c_str(), &id);
    if (st == DUALREC_STATUS_NO_SUCH_TITLE) return std::nullopt;
    detail::check(st);
    return id;
  }
  size_t catalog_size() const {
    size_t n = 0;
    detail::check(dualrec_catalog_size(engine_.get(), &n));
    return n;
  }
  uint32_t stages() const {
    uint32_t s = 0;
    detail::check(dualrec_engine_stages(engine_.get(), &s));
    return s;
  }
  /// LLM layers on a GPU and the model's layer count (dualrec_engine_gpu_layers).
  std::pair<uint32_t, uint32_t> gpu_layers() const {
    uint32_t on_gpu = 0, total = 0;
    detail::check(dualrec_engine_gpu_layers(engine_.get(), &on_gpu, &total));
    return {on_gpu, total};
  }
  dualrec_engine* get() const noexcept { return engine_.get(); }

 private:
  using TextFn = dualrec_status (*)(const dualrec_engine*, uint32_t, char*, size_t, size_t*);
  std::string text(TextFn fn, uint32_t movie_id) const {
    size_t need = 0;
    dualrec_status st = fn(engine_.get(), movie_id, nullptr, 0, &need);
    if (st != DUALREC_STATUS_BUFFER_TOO_SMALL) detail::check(st);
    std::string s(need, '\0');
    size_t len = 0;
    detail::check(fn(engine_.get(), movie_id, &s[0], s.size(), &len));
    s.resize(len);
    return s;
  }
  std::unique_ptr<dualrec_engine, detail::EngineDeleter> engine_;
};

inline std::string version() { return dualrec_version(); }

}  // namespace dualrec

#endif  // DUALREC_HPP
