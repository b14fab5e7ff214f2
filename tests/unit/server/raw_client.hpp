#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

// A plain TCP client for the endpoint tests, so they see exactly the bytes on the wire.
namespace awsx::test {

// A socket that closes itself.
class Socket {
public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0)
      ::close(fd_);
  }
  Socket(Socket&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

private:
  int fd_;
};

// A blocking connection to 127.0.0.1:`port`, with a receive buffer of `receive_buffer`
// bytes when not 0 (set before connecting, so the window is small from the start).
inline Socket connect_to(int port, int receive_buffer = 0) {
  Socket s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (receive_buffer > 0)
    ::setsockopt(s.fd(), SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof receive_buffer);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::connect(s.fd(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("connect failed");
  return s;
}

// Sends all of `bytes` on `s`.
inline void send_all(const Socket& s, const std::string& bytes) {
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::send(s.fd(), bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0)
      throw std::runtime_error("send failed");
    done += static_cast<std::size_t>(n);
  }
}

// What arrives on `s` within `timeout`: `closed` when the peer ended the connection.
struct Received {
  std::string bytes;
  bool closed = false;
};

// Reads from `s` until the peer closes, `timeout` passes, or `enough(bytes)` holds.
template <typename Enough>
Received receive(const Socket& s, std::chrono::milliseconds timeout, Enough enough) {
  Received got;
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (!enough(got.bytes)) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        end - std::chrono::steady_clock::now());
    pollfd p{s.fd(), POLLIN, 0};
    if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0)
      break;
    char buffer[65536];
    const ssize_t n = ::recv(s.fd(), buffer, sizeof buffer, 0);
    if (n <= 0) {
      got.closed = true;
      break;
    }
    got.bytes.append(buffer, static_cast<std::size_t>(n));
  }
  return got;
}

// True when `bytes` hold `count` complete responses (head and Content-Length body).
inline bool has_responses(const std::string& bytes, int count) {
  std::size_t at = 0;
  for (int i = 0; i < count; ++i) {
    const auto head_end = bytes.find("\r\n\r\n", at);
    if (head_end == std::string::npos)
      return false;
    const auto length_at = bytes.find("Content-Length: ", at);
    if (length_at == std::string::npos || length_at > head_end)
      return false;
    const auto length = std::stoul(bytes.substr(length_at + 16));
    at = head_end + 4 + length;
    if (at > bytes.size())
      return false;
  }
  return true;
}

// One request `request` on a new connection to `port`; the first response's bytes.
inline std::string round_trip(int port, const std::string& request) {
  auto s = connect_to(port);
  send_all(s, request);
  return receive(s, std::chrono::seconds(5),
                 [](const std::string& b) { return has_responses(b, 1); })
      .bytes;
}

// A GET of `/` carrying `token` as Authorization (none when empty).
inline std::string get_request(const std::string& token, const std::string& extra = {}) {
  std::string request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (!token.empty())
    request += "Authorization: " + token + "\r\n";
  return request + extra + "\r\n";
}

} // namespace awsx::test
