// Fuzzes the STS Query API response parsers: the credentials of every action awsx calls,
// GetCallerIdentity, and the <ErrorResponse> document.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "awsx/aws/sts_xml.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using awsx::fuzz::require;
  const std::string_view body = awsx::fuzz::as_text(data, size);
  for (const std::string action :
       {"AssumeRole", "GetSessionToken", "AssumeRoleWithWebIdentity", "GetFederationToken"}) {
    const auto creds = awsx::aws::parse_sts_credentials(body, action);
    if (creds) {
      require(!creds->access_key_id.empty() && !creds->secret_access_key.empty() &&
                  !creds->session_token.empty(),
              "parsed STS credentials are complete");
      require(creds->expiration.has_value(), "parsed STS credentials expire");
    } else {
      require(creds.error().find(action) != std::string::npos,
              "an STS parse failure names the action");
    }
  }
  if (const auto id = awsx::aws::parse_caller_identity(body))
    require(!id->arn.empty(), "a parsed caller identity has an ARN");
  if (const auto fault = awsx::aws::parse_service_fault(body))
    require(!fault->code.empty(), "a parsed service fault has a code");
  return 0;
}
