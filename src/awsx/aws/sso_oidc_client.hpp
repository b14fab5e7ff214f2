#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "awsx/aws/retry.hpp"
#include "awsx/aws/sso_client.hpp"
#include "awsx/aws/transport.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::aws {

// The client registration `aws sso login` cached, and the refresh token it got.
struct SsoRefreshGrant {
  std::string client_id;
  std::string client_secret;
  std::string refresh_token;
};

// What OIDC CreateToken answered: a new access token, its lifetime, and a new refresh
// token when the service sent one.
struct RefreshedSsoToken {
  std::string access_token;
  std::chrono::seconds expires_in{0};
  std::optional<std::string> refresh_token;
};

// Calls IAM Identity Center OIDC's CreateToken with grantType refresh_token and `grant`
// (POST /token, JSON, unsigned) at https://oidc.<region>.amazonaws.com, or
// AWS_ENDPOINT_URL_SSO_OIDC from `env`. Throws ServiceError ("sso-oidc CreateToken for
// <caller>: <Code>: <message>", e.g. InvalidGrantException) or NetworkError; `caller`
// (e.g. "sso-session corp") may be empty. Retries per `retry`: throttling, 5xx and
// network failures. Never puts a token or secret into a message.
RefreshedSsoToken refresh_sso_token(HttpTransport& transport, const util::Environment& env,
                                    const std::string& region, const SsoRefreshGrant& grant,
                                    const std::string& caller = {},
                                    const RetryPolicy& retry = sso_retry_policy());

} // namespace awsx::aws
