// Fuzzes the two JSON credential documents awsx reads: the container endpoint's answer
// (ECS, EKS Pod Identity, CloudShell) and credential_process output, and the one JSON
// reader under them (util::FlatObject, both modes).
#include <cstddef>
#include <cstdint>
#include <string>

#include "awsx/aws/container_client.hpp"
#include "awsx/creds/credential_process.hpp"
#include "awsx/util/flat_json.hpp"
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
  using awsx::util::FlatObject;
  for (const auto read : {&FlatObject::parse, &FlatObject::parse_lenient})
    if (const auto object = read(body)) {
      const auto again = read(object->dump());
      require(again && again->dump() == object->dump(),
              "what was read reads back from its dump");
    }
  return 0;
}
