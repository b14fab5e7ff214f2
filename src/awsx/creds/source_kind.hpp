#pragma once

#include <string>

#include "awsx/creds/plan.hpp"

namespace awsx::creds {

// The name scripts see for source `kind`, as doctor --json and list --json print it:
// "keys", "container", "instance-metadata", "process", "sso" or "web-identity".
std::string source_kind_name(SourceKind kind);

} // namespace awsx::creds
