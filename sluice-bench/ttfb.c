// Time to first byte of a streamed answer, for sluice-bench/ttfb.sh: one keep-alive connection
// to 127.0.0.1:PORT, COUNT streamed chat requests one after another (BODYFILE, the bench key),
// each read to its end; prints the time from sending a request to the arrival of its first SSE
// "data:" byte, in µs, one line per request. A C client, so that its own cost (a few µs) does not
// hide what a gateway adds (Python's http.client added ~250 µs of its own and read nginx oddly).
//   cc -O2 -o ttfb ttfb.c && ./ttfb PORT COUNT BODYFILE
#define _GNU_SOURCE // strcasestr
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <arpa/inet.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e6 + t.tv_nsec / 1e3; }
int main(int argc, char **argv) {
  if (argc != 4) { fprintf(stderr, "usage: ttfb PORT COUNT BODYFILE\n"); return 2; }
  int port = atoi(argv[1]), count = atoi(argv[2]);
  FILE *f = fopen(argv[3], "rb");
  if (!f) { perror(argv[3]); return 2; } char body[65536]; size_t blen = fread(body, 1, sizeof body, f); fclose(f);
  char req[70000];
  int rlen = snprintf(req, sizeof req, "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer sk-bench-0001\r\nContent-Length: %zu\r\n\r\n", blen);
  memcpy(req + rlen, body, blen); rlen += blen;
  int s = socket(AF_INET, SOCK_STREAM, 0); int one = 1; setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)}; inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (connect(s, (struct sockaddr *)&a, sizeof a)) { perror("connect"); return 1; }
  static char buf[1 << 20];
  for (int i = 0; i < count; i++) {
    double t0 = now(), first = 0; size_t got = 0;
    if (write(s, req, rlen) != rlen) { perror("write"); return 1; }
    for (;;) {
      ssize_t n = read(s, buf + got, sizeof buf - got - 1);
      if (n <= 0) { fprintf(stderr, "read failed\n"); return 1; }
      got += n; buf[got] = 0;
      char *head_end = strstr(buf, "\r\n\r\n");
      if (!head_end) continue;
      // Anything but a 200 stream (a wrong key, a JSON answer) would never end the loop below.
      if (strncmp(buf, "HTTP/1.1 200", 12) || !strcasestr(buf, "text/event-stream")) {
        fprintf(stderr, "not a 200 event stream: %.*s\n", (int)(head_end - buf), buf); return 1;
      }
      if (!first && strstr(head_end, "data:")) first = now();
      if (first && strstr(buf + (got > 64 ? got - 64 : 0), "\r\n0\r\n\r\n")) break;
    }
    printf("%.1f\n", first - t0);
  }
  return 0;
}
