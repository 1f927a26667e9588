/* llama.cpp's own greedy generation, through its C API only (llama.h), as
 * the baseline for the language stage's decode speed: same GGUF, same
 * llama.cpp build, same context size and thread count as the engine.
 *
 *   llama_decode MODEL PROMPT_FILE N_GEN THREADS [N_GPU_LAYERS] [REPEATS]
 *
 * Decodes the prompt (the engine's rendered prompt text, tokenized the same
 * way: special tokens parsed, BOS added), then generates exactly N_GEN tokens
 * one at a time with llama.cpp's greedy sampler. Prints one JSON line with
 * the median over REPEATS runs (a fresh KV cache each) of prefill and
 * generation speed. Built by scripts/qa/llama-baseline.sh. */
#include <llama.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void quiet(enum ggml_log_level level, const char *text, void *user) {
    (void)level; (void)text; (void)user;
}

int main(int argc, char **argv) {
    if (argc < 5) {
        fprintf(stderr, "usage: %s MODEL PROMPT_FILE N_GEN THREADS [N_GPU_LAYERS] [REPEATS]\n", argv[0]);
        return 2;
    }
    const int n_gen = atoi(argv[3]), threads = atoi(argv[4]);
    const int ngl = argc > 5 ? atoi(argv[5]) : 0, repeats = argc > 6 ? atoi(argv[6]) : 5;
    FILE *f = fopen(argv[2], "rb");
    if (!f) { perror(argv[2]); return 1; }
    static char text[65536];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = 0;

    llama_log_set(quiet, NULL);
    llama_backend_init();
    struct llama_model_params mp = llama_model_default_params();
    mp.n_gpu_layers = ngl;
    struct llama_model *model = llama_model_load_from_file(argv[1], mp);
    if (!model) { fprintf(stderr, "cannot load %s\n", argv[1]); return 1; }
    const struct llama_vocab *vocab = llama_model_get_vocab(model);
    llama_token prompt[4096];
    int n_prompt = llama_tokenize(vocab, text, (int)len, prompt, 4096, true, true);
    if (n_prompt <= 0 || n_prompt + n_gen > 512) { fprintf(stderr, "prompt of %d tokens\n", n_prompt); return 1; }

    struct llama_context_params cp = llama_context_default_params();
    cp.n_ctx = 512;
    cp.n_batch = 512;
    cp.n_threads = threads;
    cp.n_threads_batch = threads;
    struct llama_context *ctx = llama_init_from_model(model, cp);
    if (!ctx) { fprintf(stderr, "cannot create a context\n"); return 1; }
    struct llama_sampler *greedy = llama_sampler_chain_init(llama_sampler_chain_default_params());
    llama_sampler_chain_add(greedy, llama_sampler_init_greedy());

    double prefill[64], gen[64];
    int runs = repeats < 1 ? 1 : repeats > 64 ? 64 : repeats;
    for (int r = -1; r < runs; r++) { /* r = -1: warm-up */
        llama_memory_clear(llama_get_memory(ctx), true);
        double t0 = now_s();
        if (llama_decode(ctx, llama_batch_get_one(prompt, n_prompt))) { fprintf(stderr, "decode failed\n"); return 1; }
        double t1 = now_s();
        for (int i = 0; i < n_gen; i++) {
            llama_token tok = llama_sampler_sample(greedy, ctx, -1);
            if (llama_decode(ctx, llama_batch_get_one(&tok, 1))) { fprintf(stderr, "decode failed\n"); return 1; }
        }
        double t2 = now_s();
        if (r >= 0) { prefill[r] = n_prompt / (t1 - t0); gen[r] = n_gen / (t2 - t1); }
    }
    qsort(prefill, runs, sizeof(double), cmp_double);
    qsort(gen, runs, sizeof(double), cmp_double);
    printf("{\"threads\": %d, \"n_gpu_layers\": %d, \"prompt_tokens\": %d, \"generated_tokens\": %d, \"runs\": %d, "
           "\"prefill_tokens_per_s\": %.2f, \"generated_tokens_per_s\": %.2f}\n",
           threads, ngl, n_prompt, n_gen, runs, prefill[runs / 2], gen[runs / 2]);
    llama_sampler_free(greedy);
    llama_free(ctx);
    llama_model_free(model);
    llama_backend_free();
    return 0;
}
