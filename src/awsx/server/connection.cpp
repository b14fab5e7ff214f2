#include "awsx/server/connection.hpp"

namespace awsx::server::detail {

void Queue::push(Connection* c) {
  c->prev = back_;
  c->next = nullptr;
  (back_ != nullptr ? back_->next : front_) = c;
  back_ = c;
}

void Queue::remove(Connection* c) {
  (c->prev != nullptr ? c->prev->next : front_) = c->next;
  (c->next != nullptr ? c->next->prev : back_) = c->prev;
  c->prev = c->next = nullptr;
}

std::size_t head_end(std::string_view in, std::size_t from) {
  // An end ("\n\n" or "\n\r\n") that began in the last two bytes already searched was
  // still incomplete then, so the search resumes there instead of at the start: a peer
  // sending one byte at a time costs linear time, not quadratic.
  constexpr auto npos = std::string_view::npos;
  for (auto at = in.find('\n', from >= 2 ? from - 2 : 0); at != npos;
       at = in.find('\n', at + 1)) {
    if (at + 1 < in.size() && in[at + 1] == '\n')
      return at + 2;
    if (at + 2 < in.size() && in[at + 1] == '\r' && in[at + 2] == '\n')
      return at + 3;
  }
  return npos;
}

} // namespace awsx::server::detail
