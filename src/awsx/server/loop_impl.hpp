#pragma once

#include <sys/epoll.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

#include "awsx/server/connection.hpp"
#include "awsx/server/connection_loop.hpp"
#include "awsx/util/fd.hpp"

// ConnectionLoop's insides, shared by connection_loop.cpp (the loop, accepting, timeouts)
// and connection_io.cpp (reading requests, writing answers); internal to the library.
namespace awsx::server {

class ConnectionLoop::Impl {
public:
  // One loop accepting from `listen_fd` (which it does not own), answering with
  // `responder` within `limits`; `open` counts the connections of all loops, which
  // together hold at most `max_connections`.
  Impl(int listen_fd, Responder responder, EndpointLimits limits, std::size_t max_connections,
       std::atomic<std::size_t>& open);
  ~Impl();
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

private:
  using Connection = detail::Connection;
  using State = detail::State;
  using TimePoint = detail::Steady::time_point;

  void run();
  int wait_ms(TimePoint now) const;
  void on_listen(TimePoint now);
  bool evict_oldest();
  void on_event(Connection& c, std::uint32_t events, TimePoint now);
  void on_readable(Connection& c, TimePoint now);
  void process(Connection& c, TimePoint now);
  bool flush(Connection& c, TimePoint now);
  bool after_answer(Connection& c, TimePoint now);
  void enter(Connection& c, State state, TimePoint now);
  bool watch(int fd, std::uint32_t generation, std::uint32_t events, int operation);
  void close(Connection& c);
  std::chrono::milliseconds timeout_of(State state) const;
  detail::Queue& queue(State state) { return queues_[static_cast<std::size_t>(state)]; }

  int listen_;
  util::Fd epoll_, wake_;
  Responder responder_;
  EndpointLimits limits_;
  std::size_t max_connections_;
  std::vector<std::unique_ptr<Connection>> by_fd_;
  std::array<detail::Queue, detail::state_count> queues_;
  std::atomic<std::size_t>& open_;
  std::uint32_t generations_ = 0;
  bool accepting_ = true;
  TimePoint resume_accepting_;
  std::thread thread_; // last: it starts once everything above is set
};

} // namespace awsx::server
