#pragma once

#include <optional>
#include <string>

#include "awsx/aws/credentials.hpp"
#include "awsx/aws/retry.hpp"
#include "awsx/aws/transport.hpp"
#include "awsx/util/result.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::aws {

// The container credential endpoint (ECS task role, CloudShell) and its auth header.
struct ContainerEndpoint {
  std::string url;            // full URL, validated against the allowed hosts
  std::string authorization;  // value for the Authorization header; may be empty
  std::string origin;         // which variable gave the URL, for messages
};

// Reads AWS_CONTAINER_CREDENTIALS_FULL_URI (or _RELATIVE_URI, on http://169.254.170.2)
// and AWS_CONTAINER_AUTHORIZATION_TOKEN (or _TOKEN_FILE, read fresh) from `env`.
// nullopt when neither URI is set; CredentialError when the URL is not allowed: plain
// http only to loopback, 169.254.170.2, 169.254.170.23 or fd00:ec2::23, as botocore.
std::optional<ContainerEndpoint> container_endpoint_from(const util::Environment& env);

// The container client's retries: 3 attempts, 100 ms then 200 ms apart.
RetryPolicy container_retry_policy();

// GETs `endpoint` through `transport`, retrying 5xx and network failures per `retry`, and
// parses the JSON (AccessKeyId, SecretAccessKey, Token, Expiration); throws
// CredentialError (rejected, bad JSON, missing field) or NetworkError, never quoting a
// secret.
Credentials fetch_container_credentials(HttpTransport& transport,
                                        const ContainerEndpoint& endpoint,
                                        const RetryPolicy& retry = container_retry_policy());

// Parses a container endpoint response `body`; the failure names the missing field.
util::Result<Credentials> parse_container_credentials(const std::string& body);

} // namespace awsx::aws
