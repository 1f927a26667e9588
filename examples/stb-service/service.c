/* stb-service: libdualrec as a set-top box runs it — one long-running process
 * that owns the engine and serves UI processes over a UNIX stream socket.
 *
 * Usage: stb-service --models DIR --state DIR --socket PATH
 *                    [--stages BITS] [--memory-mb N]
 *
 * Protocol: one request per line, one reply line per request, in order
 * (README.md beside this file):
 *   WATCH <user> <movie> <unix_time>  -> OK              (after dualrec_add_watch returned OK)
 *   SYNC                              -> OK              (after dualrec_sync returned OK)
 *   RECOMMEND <user> <k>              -> REC <id> <id> ...
 *   HISTORY <user>                    -> HIST <id> <id> ... (oldest first)
 *   anything else                     -> ERR <why>
 * Failures of the library read `ERR <status text>: <dualrec_last_error>`.
 *
 * One thread, one poll() loop: the engine calls are short with the default
 * stages, and clients are answered in turn. With the LLM stage a RECOMMEND
 * takes seconds and the others wait meanwhile; a service running it would hand
 * RECOMMEND to worker threads (the engine is thread-safe).
 * SIGTERM/SIGINT: stop accepting, dualrec_sync, dualrec_engine_free, remove
 * the socket, exit 0. */
#define _POSIX_C_SOURCE 200809L

#include "dualrec.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define MAX_CLIENTS 64
#define MAX_LINE 512       /* longest request, without its newline */
#define MAX_K 1000         /* largest k RECOMMEND accepts */
#define OUT_HIGH 65536     /* a client's unsent replies above this: stop reading its requests */

typedef struct {
  int fd;
  char in[MAX_LINE + 1]; /* a whole line and its newline fit */
  size_t in_len;
  int overlong; /* discarding the rest of a line longer than MAX_LINE */
  int eof;      /* the client closed its side: answer what is complete, then close */
  int oom;      /* a reply did not fit in memory */
  char *out;    /* replies not yet sent: out[out_off..out_len] */
  size_t out_off, out_len, out_cap;
} client;

static dualrec_engine *engine;
static client clients[MAX_CLIENTS];
static size_t n_clients;
static int sig_pipe[2] = {-1, -1};

static uint32_t *hist;     /* HISTORY buffer: starts small, grows on BUFFER_TOO_SMALL */
static size_t hist_cap = 16;
static dualrec_recommendation recs[MAX_K];

static void on_signal(int sig) {
  int saved = errno;
  unsigned char b = (unsigned char)sig;
  ssize_t r = write(sig_pipe[1], &b, 1); /* wakes poll(); a full pipe already will */
  (void)r;
  errno = saved;
}

static int set_flags(int fd) {
  int fl = fcntl(fd, F_GETFL);
  int fd_fl = fcntl(fd, F_GETFD);
  if (fl < 0 || fd_fl < 0) return -1;
  if (fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0) return -1;
  return fcntl(fd, F_SETFD, fd_fl | FD_CLOEXEC);
}

/* ---- replies ---- */

static int out_append(client *c, const char *s, size_t n) {
  if (c->out_len + n > c->out_cap) {
    size_t cap = c->out_cap ? c->out_cap : 256;
    while (cap < c->out_len + n) cap *= 2;
    char *p = realloc(c->out, cap);
    if (!p) {
      c->oom = 1; /* a reply is lost: the client is dropped rather than left waiting */
      return -1;
    }
    c->out = p;
    c->out_cap = cap;
  }
  memcpy(c->out + c->out_len, s, n);
  c->out_len += n;
  return 0;
}

static int out_printf(client *c, const char *fmt, ...) {
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return -1;
  if ((size_t)n >= sizeof buf) n = (int)sizeof buf - 1; /* only error texts come near this */
  return out_append(c, buf, (size_t)n);
}

/* `ERR <status text>: <last error>`, on one line. */
static void reply_status(client *c, dualrec_status st) {
  char why[512];
  dualrec_last_error(why, sizeof why);
  for (char *p = why; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  out_printf(c, "ERR %s: %s\n", dualrec_status_str((uint32_t)st), why);
}

/* ---- requests ---- */

/* Decimal digits only (no sign, no spaces), within `max`. */
static int parse_u64(const char *s, uint64_t max, uint64_t *out) {
  if (*s < '0' || *s > '9') return -1;
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end || v > max) return -1;
  *out = (uint64_t)v;
  return 0;
}

static int parse_i64(const char *s, int64_t *out) {
  const char *d = *s == '-' ? s + 1 : s;
  if (*d < '0' || *d > '9') return -1;
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || *end) return -1;
  *out = (int64_t)v;
  return 0;
}

static void handle_request(client *c, char *line) {
  char *arg[5];
  int n = 0;
  for (char *tok = strtok(line, " \t"); tok; tok = strtok(NULL, " \t")) {
    if (n == 5) break;
    arg[n++] = tok;
  }
  uint64_t user, movie, k;
  int64_t when;
  dualrec_status st;

  if (n == 0) {
    out_printf(c, "ERR empty request\n");
  } else if (strcmp(arg[0], "WATCH") == 0) {
    if (n != 4 || parse_u64(arg[1], UINT64_MAX, &user) || parse_u64(arg[2], UINT32_MAX, &movie) ||
        parse_i64(arg[3], &when)) {
      out_printf(c, "ERR usage: WATCH <user> <movie> <unix_time>\n");
      return;
    }
    st = dualrec_add_watch(engine, user, (uint32_t)movie, when);
    if (st == DUALREC_STATUS_OK)
      out_printf(c, "OK\n");
    else
      reply_status(c, st);
  } else if (strcmp(arg[0], "SYNC") == 0) {
    if (n != 1) {
      out_printf(c, "ERR usage: SYNC\n");
      return;
    }
    st = dualrec_sync(engine);
    if (st == DUALREC_STATUS_OK)
      out_printf(c, "OK\n");
    else
      reply_status(c, st);
  } else if (strcmp(arg[0], "RECOMMEND") == 0) {
    if (n != 3 || parse_u64(arg[1], UINT64_MAX, &user) || parse_u64(arg[2], MAX_K, &k) || k == 0) {
      out_printf(c, "ERR usage: RECOMMEND <user> <k> (k in 1..%d)\n", MAX_K);
      return;
    }
    size_t len = 0;
    st = dualrec_recommend(engine, user, recs, (size_t)k, &len);
    if (st != DUALREC_STATUS_OK) {
      reply_status(c, st);
      return;
    }
    char warn[512];
    if (dualrec_last_warning(warn, sizeof warn) > 0) fprintf(stderr, "stb-service: recommend: %s\n", warn);
    out_printf(c, "REC");
    for (size_t i = 0; i < len; i++) out_printf(c, " %" PRIu32, recs[i].movie_id);
    out_printf(c, "\n");
  } else if (strcmp(arg[0], "HISTORY") == 0) {
    if (n != 2 || parse_u64(arg[1], UINT64_MAX, &user)) {
      out_printf(c, "ERR usage: HISTORY <user>\n");
      return;
    }
    size_t len = 0;
    for (;;) {
      st = dualrec_user_history(engine, user, hist, hist_cap, &len);
      if (st != DUALREC_STATUS_BUFFER_TOO_SMALL) break;
      uint32_t *p = realloc(hist, len * sizeof *hist); /* len > hist_cap >= 16 */
      if (!p) {
        out_printf(c, "ERR out of memory\n");
        return;
      }
      hist = p;
      hist_cap = len;
    }
    if (st != DUALREC_STATUS_OK) {
      reply_status(c, st);
      return;
    }
    out_printf(c, "HIST");
    for (size_t i = 0; i < len; i++) out_printf(c, " %" PRIu32, hist[i]);
    out_printf(c, "\n");
  } else {
    out_printf(c, "ERR unknown request (WATCH, SYNC, RECOMMEND, HISTORY)\n");
  }
}

/* Answers every complete line in c->in while the client reads its replies. */
static void serve_lines(client *c) {
  while (c->out_len - c->out_off < OUT_HIGH) {
    char *nl = memchr(c->in, '\n', c->in_len);
    if (!nl) {
      if (c->in_len == sizeof c->in) { /* no newline in MAX_LINE + 1 bytes: drop it, answer at its end */
        c->overlong = 1;
        c->in_len = 0;
      }
      return;
    }
    size_t n = (size_t)(nl - c->in), len = n;
    if (len > 0 && c->in[len - 1] == '\r') len--; /* CRLF clients too */
    c->in[len] = '\0';
    if (c->overlong)
      out_printf(c, "ERR line longer than %d bytes\n", MAX_LINE);
    else if (memchr(c->in, '\0', len))
      out_printf(c, "ERR NUL byte in request\n");
    else
      handle_request(c, c->in);
    c->overlong = 0;
    c->in_len -= n + 1;
    memmove(c->in, nl + 1, c->in_len);
  }
}

static void drop_client(size_t i) {
  close(clients[i].fd);
  free(clients[i].out);
  clients[i] = clients[--n_clients];
}

/* Sends what it can without blocking. -1: the client is gone. */
static int flush_out(client *c) {
  while (c->out_off < c->out_len) {
    ssize_t w = send(c->fd, c->out + c->out_off, c->out_len - c->out_off, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
      return -1;
    }
    c->out_off += (size_t)w;
  }
  c->out_off = c->out_len = 0;
  return 0;
}

/* One poll() wake-up for client i. -1: drop it. */
static int service(client *c, short revents) {
  if ((revents & POLLOUT) && flush_out(c) < 0) return -1;
  if ((revents & (POLLIN | POLLHUP | POLLERR)) && !c->eof && c->in_len < sizeof c->in) {
    ssize_t r = read(c->fd, c->in + c->in_len, sizeof c->in - c->in_len);
    if (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return -1;
    if (r == 0) c->eof = 1; /* a partial last line is discarded: the client left mid-line */
    if (r > 0) c->in_len += (size_t)r;
  }
  serve_lines(c);
  if (c->oom || flush_out(c) < 0) return -1;
  int pending = c->out_len > c->out_off;
  int has_line = memchr(c->in, '\n', c->in_len) != NULL;
  if (c->eof && !pending && !has_line) return -1;
  return 0;
}

/* ---- socket ---- */

static int listen_on(const char *path, struct stat *st_out) {
  struct sockaddr_un addr;
  memset(&addr, 0, sizeof addr);
  addr.sun_family = AF_UNIX;
  if (strlen(path) >= sizeof addr.sun_path) {
    fprintf(stderr, "stb-service: socket path too long: %s\n", path);
    return -1;
  }
  strcpy(addr.sun_path, path);

  struct stat st;
  if (lstat(path, &st) == 0) {
    /* Left over from a crash, or another service's: remove it only if nobody answers. */
    if (!S_ISSOCK(st.st_mode)) {
      fprintf(stderr, "stb-service: %s exists and is not a socket\n", path);
      return -1;
    }
    int probe = socket(AF_UNIX, SOCK_STREAM, 0);
    if (probe < 0) return -1;
    int live = connect(probe, (struct sockaddr *)&addr, sizeof addr) == 0;
    int refused = !live && errno == ECONNREFUSED;
    close(probe);
    if (!refused) {
      fprintf(stderr, "stb-service: %s: %s\n", path, live ? "another service is listening" : strerror(errno));
      return -1;
    }
    unlink(path);
  }

  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0 || set_flags(fd) < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 16) < 0 ||
      stat(path, st_out) < 0) {
    fprintf(stderr, "stb-service: listening on %s: %s\n", path, strerror(errno));
    if (fd >= 0) close(fd);
    return -1;
  }
  return fd;
}

static void usage(void) {
  fprintf(stderr,
          "usage: stb-service --models DIR --state DIR --socket PATH [--stages BITS] [--memory-mb N]\n"
          "  --stages BITS   DUALREC_STAGE_* bits (default 1: the LSTM; 0: transitions and popularity only)\n"
          "  --memory-mb N   address-space limit (RLIMIT_AS) set before the engine opens; 0: none (default)\n");
}

int main(int argc, char **argv) {
  const char *models = NULL, *state = NULL, *sock_path = NULL;
  uint64_t stages = DUALREC_STAGE_SEQUENTIAL, memory_mb = 0;
  for (int i = 1; i < argc; i += 2) { /* --option value pairs */
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    int ok = v != NULL;
    if (strcmp(argv[i], "--models") == 0 && ok)
      models = v;
    else if (strcmp(argv[i], "--state") == 0 && ok)
      state = v;
    else if (strcmp(argv[i], "--socket") == 0 && ok)
      sock_path = v;
    else if (strcmp(argv[i], "--stages") == 0 && ok)
      ok = parse_u64(v, UINT32_MAX, &stages) == 0;
    else if (strcmp(argv[i], "--memory-mb") == 0 && ok)
      ok = parse_u64(v, UINT64_MAX >> 20, &memory_mb) == 0;
    else
      ok = 0;
    if (!ok) {
      usage();
      return 2;
    }
  }
  if (!models || !state || !sock_path) {
    usage();
    return 2;
  }

  /* Signals first: a SIGTERM during a slow open still ends in a clean shutdown. */
  if (pipe(sig_pipe) < 0 || set_flags(sig_pipe[0]) < 0 || set_flags(sig_pipe[1]) < 0) {
    perror("stb-service: pipe");
    return 1;
  }
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = on_signal;
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sa.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &sa, NULL);

  if (memory_mb > 0) {
    struct rlimit rl = {(rlim_t)(memory_mb << 20), (rlim_t)(memory_mb << 20)};
    if (setrlimit(RLIMIT_AS, &rl) < 0) {
      perror("stb-service: setrlimit(RLIMIT_AS)");
      return 1;
    }
  }

  hist = malloc(hist_cap * sizeof *hist);
  if (!hist) return 1;

  dualrec_options opts;
  dualrec_options_init(&opts);
  opts.model_dir = models;
  opts.state_dir = state;
  opts.sync = DUALREC_SYNC_BATCHED;
  opts.stages = (uint32_t)stages;
  opts.n_threads = 1;
  dualrec_status st = dualrec_engine_open(&opts, &engine);
  if (st != DUALREC_STATUS_OK) {
    char why[512];
    dualrec_last_error(why, sizeof why);
    fprintf(stderr, "stb-service: open failed: %s: %s\n", dualrec_status_str((uint32_t)st), why);
    return 1;
  }
  char warning[512] = "";
  dualrec_last_warning(warning, sizeof warning); /* right after open: the next call clears it */
  uint32_t running = 0;
  dualrec_engine_stages(engine, &running);

  struct stat sock_st;
  int lfd = listen_on(sock_path, &sock_st);
  if (lfd < 0) {
    dualrec_engine_free(engine);
    return 1;
  }
  /* The C ABI has no user count: the line names the state directory whose histories were replayed. */
  char limit[32] = "none";
  if (memory_mb) snprintf(limit, sizeof limit, "%" PRIu64 " MiB", memory_mb);
  fprintf(stderr, "stb-service: listening on %s; stages 0x%" PRIx32 "; histories restored from %s; memory limit %s%s%s\n",
          sock_path, running, state, limit, warning[0] ? "; warning: " : "", warning);

  struct pollfd pfd[2 + MAX_CLIENTS];
  int stopping = 0;
  while (!stopping) {
    pfd[0] = (struct pollfd){.fd = sig_pipe[0], .events = POLLIN};
    pfd[1] = (struct pollfd){.fd = lfd, .events = POLLIN};
    for (size_t i = 0; i < n_clients; i++) {
      client *c = &clients[i];
      short ev = 0;
      if (c->out_len > c->out_off) ev |= POLLOUT;
      else if (!c->eof && c->in_len < sizeof c->in) ev |= POLLIN;
      pfd[2 + i] = (struct pollfd){.fd = c->fd, .events = ev};
    }
    size_t polled = n_clients;
    if (poll(pfd, 2 + polled, -1) < 0) {
      if (errno == EINTR) continue;
      perror("stb-service: poll");
      break;
    }
    if (pfd[0].revents) stopping = 1;
    /* Clients back to front: drop_client moves the last one into the freed slot. */
    for (size_t i = polled; i-- > 0;)
      if (pfd[2 + i].revents && service(&clients[i], pfd[2 + i].revents) < 0) drop_client(i);
    if (!stopping && (pfd[1].revents & POLLIN)) {
      int fd;
      while ((fd = accept(lfd, NULL, NULL)) >= 0) {
        if (n_clients == MAX_CLIENTS || set_flags(fd) < 0) {
          static const char busy[] = "ERR too many clients\n";
          ssize_t r = send(fd, busy, sizeof busy - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
          (void)r;
          close(fd);
          continue;
        }
        clients[n_clients++] = (client){.fd = fd};
      }
    }
  }

  /* Shutdown: no new clients, everything acknowledged to stable storage, engine freed, socket removed. */
  close(lfd);
  for (size_t i = n_clients; i-- > 0;) {
    flush_out(&clients[i]); /* best effort: replies already computed */
    drop_client(i);
  }
  int rc = 0;
  st = dualrec_sync(engine);
  if (st != DUALREC_STATUS_OK) {
    char why[512];
    dualrec_last_error(why, sizeof why);
    fprintf(stderr, "stb-service: final sync failed: %s: %s\n", dualrec_status_str((uint32_t)st), why);
    rc = 1;
  }
  dualrec_engine_free(engine);
  struct stat now;
  if (lstat(sock_path, &now) == 0 && now.st_ino == sock_st.st_ino && now.st_dev == sock_st.st_dev) unlink(sock_path);
  free(hist);
  fprintf(stderr, "stb-service: stopped\n");
  return rc;
}
