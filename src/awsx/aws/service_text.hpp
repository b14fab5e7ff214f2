#pragma once

#include <string>
#include <vector>

namespace awsx::aws {

// Service `text` (an error code or message) made fit for the terminal: one line, bounded,
// with each of `secrets` the request carried replaced by "***" however the endpoint
// echoes it (a short one, an MFA code, only as a whole word).
std::string printable_service_text(std::string text, const std::vector<std::string>& secrets);

} // namespace awsx::aws
