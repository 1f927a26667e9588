// The C example in idiomatic C++ through bindings/cpp/dualrec.hpp.
// Usage: recommend_cpp MODEL_DIR
#include "dualrec.hpp"

#include <cstdio>
#include <iostream>

int main(int argc, char** argv) {
  try {
    dualrec::Options opts;
    opts.model_dir = argc > 1 ? argv[1] : "models";
    opts.n_threads = 1;
    dualrec::Engine engine(opts);
    int64_t t = 1700000000;
    for (const char* title : {"Toy Story (1995)", "Aladdin (1992)", "The Lion King (1994)", "Beauty and the Beast (1991)",
                              "Jurassic Park (1993)"}) {
      auto id = engine.find(title);
      if (!id) throw std::runtime_error(std::string("not in catalogue: ") + title);
      engine.add_watch(1, *id, t += 3600);
    }
    engine.prepare(1);  // optional, at an idle moment: the LLM's prompt ahead (a no-op without the LLM)
    int i = 0;
    for (const auto& r : engine.recommend(1, 10)) std::printf("%2d. %s\n", ++i, engine.title(r.movie_id).c_str());
    try {
      engine.add_watch(1, 999999, t);
    } catch (const dualrec::Error& e) {
      std::printf("error status %d: %s\n", static_cast<int>(e.status()), e.what());
    }
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
