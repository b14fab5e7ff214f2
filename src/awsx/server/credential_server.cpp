#include "awsx/server/credential_server.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/MemoryStream.h>
#include <Poco/Net/HTTPRequest.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <sstream>
#include <system_error>

#include "awsx/server/http_reply.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/time.hpp"

namespace awsx::server {

namespace {

// Answers request heads for the loop. It lives on the loop's thread, so the cached body
// needs no lock.
class EndpointResponder {
public:
  EndpointResponder(CredentialServer::SessionSource source, std::string token)
      : source_(std::move(source)), token_(std::move(token)) {}

  Answer operator()(std::string_view head) {
    Poco::Net::HTTPRequest request;
    bool keep_alive = false;
    bool has_body = false;
    try {
      Poco::MemoryInputStream in(head.data(), head.size());
      request.read(in);
      if (!request.getVersion().starts_with("HTTP/1."))
        return finish(message_reply(400, "not an HTTP/1.x request"), false);
      keep_alive = request.getKeepAlive();
      has_body = request.has("Transfer-Encoding") ||
                 (request.hasContentLength() && request.getContentLength64() > 0);
    } catch (const std::exception&) {
      return finish(message_reply(400, "malformed request head"), false);
    }
    // A body is never read, so the connection can't carry another request after it; nor
    // after HEAD, whose answer here has a body that the client won't read.
    keep_alive = keep_alive && !has_body && request.getMethod() != "HEAD";
    // The token is checked first, so nothing about the server leaks to a caller without it.
    if (!constant_time_equal(request.get("Authorization", ""), token_))
      return finish(message_reply(403, "missing or wrong Authorization token"), keep_alive);
    if (request.getMethod() != "GET") {
      auto reply = message_reply(405, "only GET");
      reply.extra_headers = "Allow: GET\r\n";
      return finish(reply, keep_alive);
    }
    try {
      return finish(Reply{200, body_for(source_()), {}, false}, keep_alive);
    } catch (const SessionPending& e) {
      auto reply = message_reply(503, e.what());
      reply.extra_headers = "Retry-After: 1\r\n";
      return finish(reply, keep_alive);
    } catch (const std::exception& e) {
      return finish(
          message_reply(500, std::string("awsx could not renew the session: ") + e.what()),
          keep_alive);
    }
  }

private:
  static Answer finish(const Reply& reply, bool keep_alive) {
    return {serialize(reply, keep_alive), reply.close || !keep_alive};
  }

  // The JSON of `session`, made again only when the source hands out another one.
  const std::string& body_for(std::shared_ptr<const creds::Session> session) {
    if (session != last_) {
      body_ = credentials_json(*session);
      last_ = std::move(session);
    }
    return body_;
  }

  CredentialServer::SessionSource source_;
  std::string token_;
  std::shared_ptr<const creds::Session> last_;
  std::string body_;
};

// A listening TCP socket on 127.0.0.1 and a free port; non-blocking and close-on-exec,
// so no child awsx starts can hold the port.
int listen_on_loopback(int& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw Error("credential server: socket: " + std::system_category().message(errno));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(fd, 1024) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    const int error = errno;
    ::close(fd);
    throw Error("credential server: cannot listen on 127.0.0.1: " +
                std::system_category().message(error));
  }
  port = ntohs(address.sin_port);
  return fd;
}

} // namespace

CredentialServer::CredentialServer(SessionSource source, std::string token,
                                   EndpointLimits limits) {
  if (token.size() < 32)
    throw Error("the credential server token must be at least 32 bytes");
  const int fd = listen_on_loopback(port_);
  loop_ = std::make_unique<ConnectionLoop>(
      fd, EndpointResponder(std::move(source), std::move(token)), limits);
}

CredentialServer::~CredentialServer() = default;

std::string CredentialServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/";
}

std::string random_token() {
  unsigned char bytes[32];
  if (RAND_bytes(bytes, sizeof bytes) != 1)
    throw Error("cannot get random bytes for the credential server token");
  return util::to_hex(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

bool constant_time_equal(const std::string& a, const std::string& b) {
  if (a.size() != b.size())
    return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string credentials_json(const creds::Session& session) {
  const auto& c = session.credentials;
  Poco::JSON::Object doc(Poco::JSON_PRESERVE_KEY_ORDER);
  doc.set("AccessKeyId", c.access_key_id);
  doc.set("SecretAccessKey", c.secret_access_key);
  doc.set("Token", c.session_token);
  if (c.expiration)
    doc.set("Expiration", util::format_iso8601_z(*c.expiration));
  std::ostringstream out;
  doc.stringify(out);
  return out.str();
}

} // namespace awsx::server
