#include "awsx/server/connection_loop.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <system_error>

#include "awsx/server/loop_impl.hpp"
#include "awsx/util/error.hpp"

namespace awsx::server {

namespace {

using detail::Steady;

[[noreturn]] void fail(const char* what) {
  throw Error(std::string("credential server: ") + what + ": " +
              std::system_category().message(errno));
}

// The epoll tag of a descriptor: the connection's generation above its number, so an
// event queued for a closed connection can't be taken for one that reuses the number.
std::uint64_t tag(int fd, std::uint32_t generation) {
  return std::uint64_t{generation} << 32 | static_cast<std::uint32_t>(fd);
}

// Only one of the loops waiting in epoll_wait wakes for a new connection.
constexpr std::uint32_t listen_events = EPOLLIN | EPOLLEXCLUSIVE;

// max_connections, lowered so that the connections always leave descriptors to spare.
std::size_t connection_bound(std::size_t wanted) {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
    return wanted;
  const auto room = limit.rlim_cur > 128 ? limit.rlim_cur - 64 : limit.rlim_cur / 2;
  return std::max<std::size_t>(1, std::min<std::size_t>(wanted, room));
}

} // namespace

ConnectionLoop::Impl::Impl(int listen_fd, Responder responder, EndpointLimits limits,
                           std::size_t max_connections, std::atomic<std::size_t>& open)
    : listen_(listen_fd), epoll_(::epoll_create1(EPOLL_CLOEXEC)),
      wake_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)), responder_(std::move(responder)),
      limits_(limits), max_connections_(max_connections), open_(open) {
  if (epoll_.get() < 0)
    fail("epoll_create1");
  if (wake_.get() < 0)
    fail("eventfd");
  if (!watch(listen_, 0, listen_events, EPOLL_CTL_ADD) ||
      !watch(wake_.get(), 0, EPOLLIN, EPOLL_CTL_ADD))
    fail("epoll_ctl");
  thread_ = std::thread([this] { run(); });
}

ConnectionLoop::Impl::~Impl() {
  const std::uint64_t one = 1;
  while (::write(wake_.get(), &one, sizeof one) < 0 && errno == EINTR) {
  }
  thread_.join();
  for (auto& c : by_fd_)
    if (c)
      ::close(c->fd);
}

bool ConnectionLoop::Impl::watch(int fd, std::uint32_t generation, std::uint32_t events,
                                 int operation) {
  epoll_event ev{};
  ev.events = events;
  ev.data.u64 = tag(fd, generation);
  return ::epoll_ctl(epoll_.get(), operation, fd, &ev) == 0;
}

std::chrono::milliseconds ConnectionLoop::Impl::timeout_of(State state) const {
  switch (state) {
  case State::head: return limits_.head_timeout;
  case State::idle: return limits_.idle_timeout;
  case State::write: return limits_.write_timeout;
  case State::linger: return limits_.linger_timeout;
  }
  return limits_.head_timeout;
}

void ConnectionLoop::Impl::run() {
  std::array<epoll_event, 256> events;
  for (;;) {
    const int ready =
        ::epoll_wait(epoll_.get(), events.data(), events.size(), wait_ms(Steady::now()));
    const auto now = Steady::now();
    for (int i = 0; i < ready; ++i) {
      const auto fd = static_cast<int>(events[i].data.u64 & 0xffffffffu);
      const auto generation = static_cast<std::uint32_t>(events[i].data.u64 >> 32);
      if (fd == wake_.get())
        return;
      if (fd == listen_) {
        on_listen(now);
      } else if (static_cast<std::size_t>(fd) < by_fd_.size() && by_fd_[fd] &&
                 by_fd_[fd]->generation == generation) {
        on_event(*by_fd_[fd], events[i].events, now);
      }
    }
    for (auto& q : queues_)
      while (q.front() != nullptr && q.front()->deadline <= now)
        close(*q.front());
    if (!accepting_ && now >= resume_accepting_) {
      accepting_ = watch(listen_, 0, listen_events, EPOLL_CTL_ADD);
      resume_accepting_ = now + std::chrono::milliseconds(100);
    }
  }
}

int ConnectionLoop::Impl::wait_ms(TimePoint now) const {
  auto next = Steady::time_point::max();
  for (const auto& q : queues_)
    if (q.front() != nullptr)
      next = std::min(next, q.front()->deadline);
  if (!accepting_)
    next = std::min(next, resume_accepting_);
  if (next == Steady::time_point::max())
    return -1;
  const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - now).count();
  return static_cast<int>(std::clamp<decltype(wait)>(wait, 0, 60'000));
}

void ConnectionLoop::Impl::on_listen(TimePoint now) {
  // One connection per wake-up: the listener stays readable while more wait, and a loop
  // with nothing else to do then takes the next, spreading connections over the loops
  // (a burst taken by one loop would share one thread).
  for (int tries = 0; tries < 16; ++tries) {
    const int fd = ::accept4(listen_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        if (evict_oldest())
          continue;
        // Nothing of ours to give back: stop watching the listener for a moment, or
        // the pending connection would wake the loop again at once, forever.
        ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, listen_, nullptr);
        accepting_ = false;
        resume_accepting_ = now + std::chrono::milliseconds(100);
      }
      return;
    }
    if (open_ >= max_connections_)
      evict_oldest(); // one of this loop's; another loop evicts at its next accept
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (static_cast<std::size_t>(fd) >= by_fd_.size())
      by_fd_.resize(static_cast<std::size_t>(fd) + 64);
    auto& slot = by_fd_[fd];
    slot = std::make_unique<Connection>();
    slot->fd = fd;
    slot->generation = ++generations_;
    slot->state = State::head;
    slot->deadline = now + limits_.head_timeout;
    queue(State::head).push(slot.get());
    slot->watched = EPOLLIN;
    ++open_;
    if (!watch(fd, slot->generation, EPOLLIN, EPOLL_CTL_ADD))
      close(*slot);
    return;
  }
}

// A new connection beyond the bound, or a lack of descriptors, costs the connection that
// has waited longest: one already answered, then an idle one, then the slowest head.
bool ConnectionLoop::Impl::evict_oldest() {
  for (State state : {State::linger, State::idle, State::head, State::write})
    if (Connection* c = queue(state).front()) {
      close(*c);
      return true;
    }
  return false;
}

void ConnectionLoop::Impl::enter(Connection& c, State state, TimePoint now) {
  queue(c.state).remove(&c);
  c.state = state;
  c.deadline = now + timeout_of(state);
  queue(state).push(&c);
  const std::uint32_t wanted = state == State::write ? EPOLLOUT : EPOLLIN;
  if (wanted != c.watched) {
    watch(c.fd, c.generation, wanted, EPOLL_CTL_MOD);
    c.watched = wanted;
  }
}

void ConnectionLoop::Impl::close(Connection& c) {
  queue(c.state).remove(&c);
  const int fd = c.fd;
  ::close(fd); // also takes it out of the epoll set
  by_fd_[fd].reset();
  --open_;
}

ConnectionLoop::ConnectionLoop(int listen_fd, Responder responder, EndpointLimits limits)
    : listen_fd_(listen_fd) {
  std::size_t threads = limits.threads;
  if (threads == 0)
    threads = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
  const std::size_t bound = connection_bound(limits.max_connections);
  threads = std::min(threads, bound);
  try {
    for (std::size_t i = 0; i < threads; ++i) // each gets its own copy of `responder`
      loops_.push_back(std::make_unique<Impl>(listen_fd, responder, limits, bound, open_));
  } catch (...) {
    loops_.clear();
    ::close(listen_fd_);
    throw;
  }
}

ConnectionLoop::~ConnectionLoop() {
  loops_.clear(); // stops and joins every thread before their listener goes
  ::close(listen_fd_);
}

} // namespace awsx::server
