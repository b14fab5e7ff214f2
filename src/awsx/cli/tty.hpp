#pragma once

#include <string>

namespace awsx::cli {

// Asks `prompt` on /dev/tty and reads one line, without echo when `secret`; throws
// CredentialError naming `why` when there is no terminal.
std::string ask_on_tty(const std::string& prompt, bool secret, const std::string& why);

} // namespace awsx::cli
