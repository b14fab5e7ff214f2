#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

// The per-connection state of ConnectionLoop; internal to the server library.
namespace awsx::server::detail {

using Steady = std::chrono::steady_clock;

// Where a connection is in its request/answer cycle; each has its own timeout.
enum class State : std::uint8_t { head, idle, write, linger };
inline constexpr std::size_t state_count = 4;

// One accepted socket: what it sent that is not answered yet, what it has not taken yet.
struct Connection {
  int fd = -1;
  std::uint32_t generation = 0; // tells a reused descriptor from the one an event was for
  State state = State::head;
  std::uint32_t watched = 0; // the epoll events registered for it
  Steady::time_point deadline;
  std::string in;           // received bytes not yet answered
  std::size_t scanned = 0;  // bytes of `in` already searched for the end of the head
  std::string out;          // the answer being sent
  std::size_t sent = 0;     // bytes of `out` already sent
  bool close_after = false; // the answer ends the connection
  Connection* prev = nullptr;
  Connection* next = nullptr;
};

// The connections in one state, oldest first. Each got the same timeout on entering, so
// arrival order is deadline order and expiry only ever looks at the front.
class Queue {
public:
  // Appends `c`, which must be in no queue.
  void push(Connection* c);

  // Takes `c` out of this queue, which must hold it.
  void remove(Connection* c);

  // The connection that has waited longest, or nullptr.
  Connection* front() const { return front_; }

private:
  Connection* front_ = nullptr;
  Connection* back_ = nullptr;
};

// The offset just past the empty line that ends a request head in `in` (CRLF or bare LF
// line ends), or npos; `from` is how much of `in` an earlier call already searched.
std::size_t head_end(std::string_view in, std::size_t from);

} // namespace awsx::server::detail
