#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "awsx/aws/credentials.hpp"
#include "awsx/util/result.hpp"

namespace awsx::aws {

// Who a set of credentials belongs to, as GetCallerIdentity reports it.
struct CallerIdentity {
  std::string account;
  std::string arn;
  std::string user_id;
};

// The Code and Message of an AWS Query API error document.
struct ServiceFault {
  std::string code;
  std::string message;
};

// Reads the <Credentials> element of an STS `action` response `body`.
util::Result<Credentials> parse_sts_credentials(std::string_view body, const std::string& action);

// Reads a GetCallerIdentity response `body`.
util::Result<CallerIdentity> parse_caller_identity(std::string_view body);

// Reads an <ErrorResponse> document from `body`; nullopt when `body` is not one.
std::optional<ServiceFault> parse_service_fault(std::string_view body);

} // namespace awsx::aws
