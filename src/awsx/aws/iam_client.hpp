#pragma once

#include <string>
#include <utility>
#include <vector>

#include "awsx/aws/credentials.hpp"
#include "awsx/aws/endpoint.hpp"
#include "awsx/aws/iam_xml.hpp"
#include "awsx/aws/retry.hpp"
#include "awsx/aws/transport.hpp"
#include "awsx/util/clock.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::aws {

// The IAM endpoint of the partition of `region` (empty: aws), signed for the partition's
// one IAM region: iam.amazonaws.com (us-east-1), iam.cn-north-1.amazonaws.com.cn
// (cn-north-1), iam.us-gov.amazonaws.com (us-gov-west-1). AWS_ENDPOINT_URL_IAM, then
// AWS_ENDPOINT_URL in `env` replace the URL, as botocore's do, unless
// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS is true. Throws ConfigError for a malformed URL or
// a partition with none of these endpoints (the isolated ones, eusc-*): set
// AWS_ENDPOINT_URL_IAM there.
ServiceEndpoint resolve_iam_endpoint(const util::Environment& env, const std::string& region);

// A client for the IAM Query API calls that key rotation needs, each SigV4-signed for
// "iam" by the credentials passed in; they throw ServiceError or NetworkError.
class IamClient {
public:
  // A client that sends through `transport` to `endpoint`, timestamps with `clock` and
  // retries per `retry`.
  IamClient(HttpTransport& transport, const util::Clock& clock, ServiceEndpoint endpoint,
            RetryPolicy retry = {});

  // Calls GetUser for the user `caller` belongs to.
  IamUser get_user(const Credentials& caller);

  // Calls ListAccessKeys for `user` (empty: the caller's own).
  std::vector<AccessKeyInfo> list_access_keys(const Credentials& caller,
                                              const std::string& user);

  // Calls CreateAccessKey for `user` (empty: the caller's own); the new key's id and secret.
  Credentials create_access_key(const Credentials& caller, const std::string& user);

  // Calls DeleteAccessKey on `key_id` of `user` (empty: the caller's own).
  void delete_access_key(const Credentials& caller, const std::string& user,
                         const std::string& key_id);

  // The endpoint this client talks to.
  const ServiceEndpoint& endpoint() const { return endpoint_; }

private:
  using Params = std::vector<std::pair<std::string, std::string>>;
  std::string call(const std::string& action, const Params& params, const Credentials& caller);
  // Throws the NetworkError of a 2xx `action` answer that `problem` makes unreadable.
  [[noreturn]] void unreadable(const std::string& action, const std::string& problem) const;

  HttpTransport& transport_;
  const util::Clock& clock_;
  ServiceEndpoint endpoint_;
  RetryPolicy retry_;
};

} // namespace awsx::aws
