#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace awsx::server {

// How long and how much the endpoint gives each client, so that no number of idle, slow
// or greedy local peers can keep it from answering the others.
struct EndpointLimits {
  // From a connection's start, or a keep-alive request's first byte, to its full head.
  std::chrono::milliseconds head_timeout{3000};
  // A keep-alive connection with no request in it.
  std::chrono::milliseconds idle_timeout{5000};
  // For the peer to take an answer it asked for.
  std::chrono::milliseconds write_timeout{5000};
  // Reading what a peer still sends after its connection was answered and shut down.
  std::chrono::milliseconds linger_timeout{1000};
  // Open connections; a new one beyond this closes the one waiting longest. Lowered to
  // fit RLIMIT_NOFILE.
  std::size_t max_connections = 1024;
  // Request line plus headers; a longer head gets 431 and the connection is closed.
  std::size_t max_head_bytes = 16384;
  // Event loops (threads) taking turns at the listener; 0: one per core, at most 4. More
  // than one keeps answering while the scheduler has one of them off the CPU.
  std::size_t threads = 0;
};

// The bytes that answer one request, and whether the connection ends after them.
struct Answer {
  std::string bytes;
  bool close = false;
};

// Turns a complete request head (request line, headers, blank line) into its Answer.
// Runs on the loop's thread, so it must never block; it must not throw.
using Responder = std::function<Answer(std::string_view head)>;

// HTTP/1.1 connection loops, each on its own thread with its own epoll set, sharing one
// listening socket; non-blocking sockets, every connection held to `EndpointLimits`. A
// slow or idle peer costs a few hundred bytes and a descriptor, never a thread, so it
// cannot delay anyone else.
class ConnectionLoop {
public:
  // Takes over the listening, non-blocking, close-on-exec socket `listen_fd` and answers
  // each request head with `responder`, within `limits`.
  ConnectionLoop(int listen_fd, Responder responder, EndpointLimits limits);

  // Stops the thread and closes every connection and the listening socket.
  ~ConnectionLoop();

  ConnectionLoop(const ConnectionLoop&) = delete;
  ConnectionLoop& operator=(const ConnectionLoop&) = delete;

private:
  class Impl;
  int listen_fd_;
  std::atomic<std::size_t> open_{0}; // connections of all loops
  std::vector<std::unique_ptr<Impl>> loops_;
};

} // namespace awsx::server
