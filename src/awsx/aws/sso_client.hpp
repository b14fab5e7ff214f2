#pragma once

#include <string>

#include "awsx/aws/credentials.hpp"
#include "awsx/aws/retry.hpp"
#include "awsx/aws/transport.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::aws {

// The SSO client's retries: 3 attempts, at most 200 ms then 400 ms apart (jittered).
RetryPolicy sso_retry_policy();

// Calls the IAM Identity Center portal's GetRoleCredentials
// (GET /federation/credentials?account_id=&role_name= with header x-amz-sso_bearer_token)
// at https://portal.sso.<region>.amazonaws.com, or AWS_ENDPOINT_URL_SSO from `env`.
// Throws ServiceError ("sso GetRoleCredentials for <caller>: <Code>: <Message>", e.g. an
// expired or unauthorized token) or NetworkError; `caller` (e.g. "profile dev") may be empty.
// Retries per `retry`: throttling, 5xx and network failures.
Credentials get_role_credentials(HttpTransport& transport, const util::Environment& env,
                                 const std::string& region, const std::string& access_token,
                                 const std::string& account_id, const std::string& role_name,
                                 const std::string& caller = {},
                                 const RetryPolicy& retry = sso_retry_policy());

} // namespace awsx::aws
