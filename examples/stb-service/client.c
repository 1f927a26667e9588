/* stb-client: the UI side of stb-service. Sends each request (the arguments
 * after the socket path, or else the lines of stdin), waits for its reply
 * and prints it, one line each.
 * Usage: stb-client SOCKET [REQUEST...]     e.g. stb-client /tmp/stb.sock "RECOMMEND 7 10"
 * Exit status 1 if the service could not be reached or went away before answering. */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int send_all(int fd, const char *s, size_t n) {
  while (n > 0) {
    ssize_t w = write(fd, s, n);
    if (w < 0) return -1;
    s += w;
    n -= (size_t)w;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: stb-client SOCKET [REQUEST...]\n");
    return 2;
  }
  signal(SIGPIPE, SIG_IGN); /* a vanished service shows as a write error */
  struct sockaddr_un addr = {.sun_family = AF_UNIX};
  int fd = socket(AF_UNIX, SOCK_STREAM, 0);
  if (strlen(argv[1]) >= sizeof addr.sun_path || fd < 0) return 1;
  strcpy(addr.sun_path, argv[1]);
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0) {
    perror(argv[1]);
    return 1;
  }
  FILE *replies = fdopen(fd, "r");
  char *line = NULL, *reply = NULL;
  size_t line_cap = 0, reply_cap = 0;
  for (int i = 2;; i++) {
    const char *req;
    if (argc > 2) { /* requests from the arguments */
      if (i == argc) break;
      req = argv[i];
    } else { /* from stdin */
      ssize_t n = getline(&line, &line_cap, stdin);
      if (n < 0) break;
      if (n > 0 && line[n - 1] == '\n') line[n - 1] = '\0';
      req = line;
      i = 2;
    }
    ssize_t n = -1;
    if (send_all(fd, req, strlen(req)) == 0 && send_all(fd, "\n", 1) == 0) n = getline(&reply, &reply_cap, replies);
    if (n <= 0 || reply[n - 1] != '\n') { /* no reply, or half of one */
      fprintf(stderr, "stb-client: the service went away\n");
      return 1;
    }
    fputs(reply, stdout);
    fflush(stdout); /* each reply as it comes: a test reads them live */
  }
  free(line);
  free(reply);
  fclose(replies);
  return 0;
}
