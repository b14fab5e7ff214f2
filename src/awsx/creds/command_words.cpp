#include "awsx/creds/profile_command.hpp"

#include "awsx/util/error.hpp"
#include "awsx/util/shell_words.hpp"

// Apart from profile_command.cpp so that the planner, which the front-end links, checks
// commands without pulling in the launcher.
namespace awsx::creds {

std::vector<std::string> profile_command_words(const ProfileCommand& command) {
  auto words = util::shell_split(command.text);
  if (!words)
    throw ConfigError((command.origin.empty() ? "" : command.origin + ": ") + command.key +
                          " of profile " + command.profile +
                          " can't be split into words: " + words.error(),
                      "it is split like a shell command line, as the AWS CLI splits it, but "
                      "no shell runs it: close the quote, or escape it with a backslash");
  if (words->empty())
    throw CredentialError("profile " + command.profile + ": " + command.key + " is empty");
  return std::move(words).value();
}

} // namespace awsx::creds
