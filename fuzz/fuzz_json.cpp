// Fuzzes the two JSON credential documents awsx reads: the container endpoint's answer
// (ECS, EKS Pod Identity, CloudShell) and credential_process output.
#include <cstddef>
#include <cstdint>
#include <string>

#include "awsx/aws/container_client.hpp"
#include "awsx/creds/credential_process.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using awsx::fuzz::require;
  const std::string body(awsx::fuzz::as_text(data, size));
  if (const auto creds = awsx::aws::parse_container_credentials(body))
    require(!creds->access_key_id.empty() && !creds->secret_access_key.empty(),
            "parsed container credentials have both keys");
  if (const auto creds = awsx::creds::parse_credential_process_output(body))
    require(!creds->access_key_id.empty() && !creds->secret_access_key.empty(),
            "parsed credential_process output has both keys");
  return 0;
}
