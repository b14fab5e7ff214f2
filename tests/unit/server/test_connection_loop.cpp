#include <gtest/gtest.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/resource.h>

#include <set>
#include <thread>
#include <vector>

#include "awsx/server/connection.hpp"
#include "awsx/server/credential_server.hpp"
#include "raw_client.hpp"

using namespace awsx;
using namespace std::chrono_literals;
using test::get_request;
using Clock = std::chrono::steady_clock;

namespace {

std::shared_ptr<const creds::Session> a_session() {
  return std::make_shared<const creds::Session>(creds::Session{
      {"ASIAONE", "secret", "token", std::chrono::system_clock::now() + 3600s}, "", ""});
}

std::string status_line(const std::string& response) {
  return response.substr(0, response.find("\r\n"));
}

// Makes room for `count` more descriptors, as a busy host would have.
void allow_descriptors(rlim_t count) {
  rlimit limit{};
  ::getrlimit(RLIMIT_NOFILE, &limit);
  if (limit.rlim_cur < count) {
    limit.rlim_cur = std::min(count, limit.rlim_max);
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

std::set<int> open_descriptors() {
  std::set<int> fds;
  DIR* dir = ::opendir("/proc/self/fd");
  while (dirent* entry = ::readdir(dir))
    if (entry->d_name[0] != '.' && std::atoi(entry->d_name) != ::dirfd(dir))
      fds.insert(std::atoi(entry->d_name));
  ::closedir(dir);
  return fds;
}

// An endpoint serving a_session() within `limits`, with its token.
struct Served {
  explicit Served(server::EndpointLimits limits) : endpoint(a_session, token, limits) {}
  std::string token = server::random_token();
  server::CredentialServer endpoint;
  int port() const { return endpoint.port(); }
};

bool closed_within(const test::Socket& s, std::chrono::milliseconds timeout) {
  return test::receive(s, timeout, [](const std::string&) { return false; }).closed;
}

} // namespace

TEST(ServerConnectionLoop, idle_and_dripping_peers_do_not_delay_a_valid_request) {
  allow_descriptors(4096);
  const auto token = server::random_token();
  server::CredentialServer endpoint(a_session, token);
  std::vector<test::Socket> idle, slow;
  for (int i = 0; i < 400; ++i)
    idle.push_back(test::connect_to(endpoint.port()));
  for (int i = 0; i < 400; ++i) {
    slow.push_back(test::connect_to(endpoint.port()));
    test::send_all(slow.back(), "GET / HTTP/1.1\r\n");
  }
  for (int round = 0; round < 3; ++round) {
    for (auto& s : slow)
      test::send_all(s, "X");
    const auto start = Clock::now();
    const auto reply = test::round_trip(endpoint.port(), get_request(token));
    const auto took = Clock::now() - start;
    EXPECT_EQ(status_line(reply), "HTTP/1.1 200 OK");
    EXPECT_LT(took, 1s) << "round " << round;
  }
}

TEST(ServerConnectionLoop, a_head_that_takes_too_long_is_dropped) {
  server::EndpointLimits limits;
  limits.head_timeout = 300ms;
  const Served served(limits);
  auto silent = test::connect_to(served.port());
  auto dripping = test::connect_to(served.port());
  const auto start = Clock::now();
  bool dropped = false;
  // One byte every 50 ms keeps every single read short; only the total is bounded.
  for (int i = 0; i < 40 && !dropped; ++i) {
    if (::send(dripping.fd(), "X", 1, MSG_NOSIGNAL) != 1)
      dropped = true;
    dropped = dropped || closed_within(dripping, 50ms);
  }
  EXPECT_TRUE(dropped);
  EXPECT_LT(Clock::now() - start, 1500ms);
  EXPECT_TRUE(closed_within(silent, 1s));
}

TEST(ServerConnectionLoop, an_idle_keep_alive_connection_is_closed) {
  server::EndpointLimits limits;
  limits.idle_timeout = 300ms;
  const Served served(limits);
  auto s = test::connect_to(served.port());
  for (int i = 0; i < 2; ++i) { // kept alive between requests
    test::send_all(s, get_request(served.token));
    const auto got =
        test::receive(s, 5s, [](const std::string& b) { return test::has_responses(b, 1); });
    EXPECT_EQ(status_line(got.bytes), "HTTP/1.1 200 OK");
    EXPECT_FALSE(got.closed);
  }
  const auto start = Clock::now();
  EXPECT_TRUE(closed_within(s, 3s));
  EXPECT_GE(Clock::now() - start, 200ms);
}

TEST(ServerConnectionLoop, beyond_the_bound_the_longest_waiting_connection_goes) {
  server::EndpointLimits limits;
  limits.max_connections = 8;
  limits.threads = 1; // one loop: "longest waiting" is then the first one connected
  const Served served(limits);
  std::vector<test::Socket> idle;
  for (int i = 0; i < 8; ++i)
    idle.push_back(test::connect_to(served.port()));
  std::this_thread::sleep_for(50ms); // all accepted, in this order
  EXPECT_EQ(status_line(test::round_trip(served.port(), get_request(served.token))),
            "HTTP/1.1 200 OK");
  EXPECT_TRUE(closed_within(idle.front(), 1s));
  EXPECT_FALSE(closed_within(idle.back(), 100ms));
}

TEST(ServerConnectionLoop, a_head_over_the_size_limit_gets_431_and_the_connection_ends) {
  server::EndpointLimits limits;
  limits.max_head_bytes = 1024;
  const Served served(limits);
  auto s = test::connect_to(served.port());
  test::send_all(s, "GET / HTTP/1.1\r\nX-Padding: " + std::string(2000, 'a'));
  const auto got = test::receive(s, 5s, [](const std::string&) { return false; });
  EXPECT_EQ(status_line(got.bytes), "HTTP/1.1 431 Request Header Fields Too Large");
  EXPECT_TRUE(got.closed);
}

TEST(ServerConnectionLoop, a_peer_that_never_reads_is_dropped_without_delaying_others) {
  server::EndpointLimits limits;
  limits.write_timeout = 300ms;
  limits.idle_timeout = 60s; // so only the write timeout can end the greedy connection
  const auto token = server::random_token();
  const std::string big(8192, 't'); // answers of 8 KiB fill the socket buffers sooner
  server::CredentialServer endpoint(
      [&] {
        return std::make_shared<const creds::Session>(
            creds::Session{{"ASIAONE", "secret", big, std::nullopt}, "", ""});
      },
      token, limits);
  auto greedy = test::connect_to(endpoint.port(), 4096);
  ::fcntl(greedy.fd(), F_SETFL, O_NONBLOCK);
  const std::string request = get_request(token);
  std::string many;
  for (int i = 0; i < 4000; ++i) // 32 MB of answers: more than any loopback buffer
    many += request;
  std::size_t sent = 0;
  for (int i = 0; i < 20 && sent < many.size(); ++i) {
    const ssize_t n = ::send(greedy.fd(), many.data() + sent, many.size() - sent, MSG_NOSIGNAL);
    if (n > 0)
      sent += static_cast<std::size_t>(n);
    else
      std::this_thread::sleep_for(5ms);
  }
  const auto start = Clock::now();
  EXPECT_EQ(status_line(test::round_trip(endpoint.port(), get_request(token))),
            "HTTP/1.1 200 OK");
  EXPECT_LT(Clock::now() - start, 1s);
  std::this_thread::sleep_for(1s); // past the write timeout
  ::fcntl(greedy.fd(), F_SETFL, 0);
  EXPECT_TRUE(closed_within(greedy, 5s)) << "the server still holds the greedy connection";
}

TEST(ServerConnectionLoop, every_descriptor_the_server_makes_is_close_on_exec) {
  const auto before = open_descriptors();
  const auto token = server::random_token();
  server::CredentialServer endpoint(a_session, token);
  auto client = test::connect_to(endpoint.port());
  test::send_all(client, get_request(token)); // so that an accepted socket exists
  test::receive(client, 5s, [](const std::string& b) { return test::has_responses(b, 1); });
  int checked = 0;
  for (int fd : open_descriptors()) {
    if (before.contains(fd) || fd == client.fd())
      continue;
    const int flags = ::fcntl(fd, F_GETFD);
    EXPECT_TRUE(flags & FD_CLOEXEC) << "descriptor " << fd;
    ++checked;
  }
  EXPECT_GE(checked, 4) << "listening socket, epoll, eventfd and the accepted socket";
}

TEST(ServerConnection, head_end_finds_the_blank_line_and_resumes_a_search) {
  using server::detail::head_end;
  constexpr auto npos = std::string_view::npos;
  EXPECT_EQ(head_end("GET / HTTP/1.1\r\nA: b\r\n\r\nrest", 0), 24u);
  EXPECT_EQ(head_end("GET / HTTP/1.0\n\n", 0), 16u);
  EXPECT_EQ(head_end("GET / HTTP/1.1\r\nA: b\r\n", 0), npos);
  EXPECT_EQ(head_end("GET / HTTP/1.1\r\nA: b\r\n\r", 0), npos);
  // The end began in the bytes an earlier search already looked at.
  EXPECT_EQ(head_end("GET / HTTP/1.1\r\nA: b\r\n\r\n", 23), 24u);
  EXPECT_EQ(head_end("GET / HTTP/1.1\r\nA: b\r\n\r\n", 22), 24u);
  EXPECT_EQ(head_end("GET / HTTP/1.1\nA: b\n\n", 20), 21u);
}
