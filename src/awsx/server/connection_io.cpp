#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include "awsx/server/http_reply.hpp"
#include "awsx/server/loop_impl.hpp"

// Reading requests and writing answers, one connection at a time, never blocking.
namespace awsx::server {

void ConnectionLoop::Impl::on_event(Connection& c, std::uint32_t events, TimePoint now) {
  if ((events & EPOLLERR) != 0)
    return close(c);
  switch (c.state) {
  case State::head:
  case State::idle: return on_readable(c, now);
  case State::write:
    if (flush(c, now) && after_answer(c, now))
      process(c, now);
    return;
  case State::linger: {
    char discard[4096];
    const ssize_t n = ::recv(c.fd, discard, sizeof discard, 0);
    if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
      close(c);
    return;
  }
  }
}

void ConnectionLoop::Impl::on_readable(Connection& c, TimePoint now) {
  char buffer[16384];
  // Never more than one byte past the head limit: that is enough to know it is too long.
  const std::size_t room =
      limits_.max_head_bytes + 1 - std::min(c.in.size(), limits_.max_head_bytes);
  const ssize_t n = ::recv(c.fd, buffer, std::min(room, sizeof buffer), 0);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
    return close(c);
  if (n < 0)
    return;
  if (c.state == State::idle)
    enter(c, State::head, now); // the head timeout runs from the request's first byte
  c.in.append(buffer, static_cast<std::size_t>(n));
  process(c, now);
}

// Answers every complete head in `c.in`, in order, while the answers go out at once.
void ConnectionLoop::Impl::process(Connection& c, TimePoint now) {
  for (;;) {
    // RFC 9112 asks servers to ignore empty lines before a request line.
    if (const auto start = c.in.find_first_not_of("\r\n"); start != 0) {
      c.in.erase(0, std::min(start, c.in.size()));
      c.scanned = 0;
    }
    if (c.in.empty())
      return;
    const std::size_t end = detail::head_end(c.in, c.scanned);
    c.scanned = c.in.size();
    Answer answer;
    if (end == std::string::npos && c.in.size() <= limits_.max_head_bytes)
      return; // more to come
    if (end == std::string::npos || end > limits_.max_head_bytes) {
      answer = {
          serialize(message_reply(431, "the request head is longer than " +
                                           std::to_string(limits_.max_head_bytes) + " bytes"),
                    false),
          true};
      c.in.clear();
    } else {
      try {
        answer = responder_(std::string_view(c.in).substr(0, end));
      } catch (const std::exception& e) {
        answer = {serialize(message_reply(500, e.what()), false), true};
      }
      c.in.erase(0, end);
    }
    c.scanned = 0;
    c.out = std::move(answer.bytes);
    c.sent = 0;
    c.close_after = answer.close;
    if (!flush(c, now) || !after_answer(c, now))
      return;
  }
}

// Sends what is left of `c.out`; false when the peer must take it later (or is gone).
bool ConnectionLoop::Impl::flush(Connection& c, TimePoint now) {
  while (c.sent < c.out.size()) {
    const ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
    if (n >= 0) {
      c.sent += static_cast<std::size_t>(n);
    } else if (errno == EAGAIN) {
      if (c.state != State::write)
        enter(c, State::write, now);
      return false;
    } else if (errno != EINTR) {
      close(c);
      return false;
    }
  }
  c.out.clear();
  c.sent = 0;
  return true;
}

// After an answer went out: lingers on a closing connection, reads on a kept one.
// True when `c.in` already holds the start of the next request.
bool ConnectionLoop::Impl::after_answer(Connection& c, TimePoint now) {
  if (c.close_after) {
    // Closing with unread input would reset the connection and could destroy the answer
    // before the peer reads it; shut down writing and drain instead, briefly.
    ::shutdown(c.fd, SHUT_WR);
    enter(c, State::linger, now);
    return false;
  }
  enter(c, c.in.empty() ? State::idle : State::head, now);
  return !c.in.empty();
}

} // namespace awsx::server
