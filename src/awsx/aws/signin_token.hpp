#pragma once

#include <optional>
#include <string>

#include "awsx/aws/credentials.hpp"
#include "awsx/aws/endpoint.hpp"
#include "awsx/aws/retry.hpp"
#include "awsx/aws/transport.hpp"

namespace awsx::aws {

// The `Session` document getSigninToken takes: sessionId, sessionKey and sessionToken of
// `credentials`, as compact JSON.
std::string federation_session_json(const Credentials& credentials);

// The form body of getSigninToken for `credentials`, with SessionDuration `seconds` when
// set (only a role session made directly from long-term keys may carry it).
std::string signin_token_body(const Credentials& credentials, std::optional<int> seconds);

// Exchanges `credentials` for a console sign-in token at `endpoint` through `transport`,
// retrying 5xx and throttling per `retry`; `what` starts every message (e.g.
// "getSigninToken for profile prod"). Throws ServiceError with a hint when the endpoint
// refuses, NetworkError when it can't be reached or answers no token. No message carries
// the credentials or the token.
std::string get_signin_token(HttpTransport& transport, const ServiceEndpoint& endpoint,
                             const Credentials& credentials, std::optional<int> seconds,
                             const std::string& what, const RetryPolicy& retry = {});

} // namespace awsx::aws
