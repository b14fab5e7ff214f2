#pragma once

#include <functional>
#include <memory>
#include <string>

#include "awsx/creds/session.hpp"

namespace Poco::Net {
class HTTPServer;
}

namespace awsx::server {

// A container credential endpoint on 127.0.0.1, as ECS and CloudShell provide one:
// GET with the right Authorization header answers {AccessKeyId, SecretAccessKey, Token,
// Expiration}; anything else gets 403 (wrong or no token) or 405 (not GET).
class CredentialServer {
public:
  // Returns the session to serve; throws awsx::Error when none can be had.
  using SessionSource = std::function<creds::Session()>;

  // Starts listening on a free loopback port, serving sessions from `source` to
  // requests that carry the random `token`.
  CredentialServer(SessionSource source, std::string token);
  ~CredentialServer();
  CredentialServer(const CredentialServer&) = delete;
  CredentialServer& operator=(const CredentialServer&) = delete;

  // The URL for AWS_CONTAINER_CREDENTIALS_FULL_URI.
  std::string url() const;

  // The port the server listens on.
  int port() const { return port_; }

private:
  std::unique_ptr<Poco::Net::HTTPServer> http_;
  int port_ = 0;
};

// 32 random bytes from the OS, hex-encoded: the endpoint's bearer token.
std::string random_token();

// True when `a` equals `b`, in time that does not depend on where they differ.
bool constant_time_equal(const std::string& a, const std::string& b);

// The JSON body the endpoint answers with for `session`.
std::string credentials_json(const creds::Session& session);

} // namespace awsx::server
