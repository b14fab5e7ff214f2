#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>

#include "awsx/creds/session.hpp"
#include "awsx/server/connection_loop.hpp"

namespace awsx::server {

// Thrown by a CredentialServer::SessionSource that has no valid session right now but is
// fetching one: the endpoint answers 503 with Retry-After, which SDKs retry.
class SessionPending : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// A container credential endpoint on 127.0.0.1, as ECS and CloudShell provide one:
// GET with the right Authorization header answers {AccessKeyId, SecretAccessKey, Token,
// Expiration}; anything else gets 403 (wrong or no token) or 405 (not GET). A few epoll
// loops (ConnectionLoop) serve every connection, each held to EndpointLimits.
class CredentialServer {
public:
  // Returns the session to serve, at once and from any loop thread: a slow one would hold
  // up every connection of that loop. Throws SessionPending (503) or any other exception
  // (500) when it has none. A session is shared, never copied, and never changed: a new
  // one comes as a new pointer, so the endpoint remakes its JSON only then.
  using SessionSource = std::function<std::shared_ptr<const creds::Session>()>;

  // Starts listening on a free loopback port, serving sessions from `source` to
  // requests that carry the random `token`, within `limits`.
  CredentialServer(SessionSource source, std::string token, EndpointLimits limits = {});
  ~CredentialServer();
  CredentialServer(const CredentialServer&) = delete;
  CredentialServer& operator=(const CredentialServer&) = delete;

  // The URL for AWS_CONTAINER_CREDENTIALS_FULL_URI.
  std::string url() const;

  // The port the server listens on.
  int port() const { return port_; }

private:
  std::unique_ptr<ConnectionLoop> loop_;
  int port_ = 0;
};

// 32 random bytes from the OS, hex-encoded: the endpoint's bearer token.
std::string random_token();

// True when `a` equals `b`, in time that does not depend on where they differ.
bool constant_time_equal(const std::string& a, const std::string& b);

// The JSON body the endpoint answers with for `session`.
std::string credentials_json(const creds::Session& session);

} // namespace awsx::server
