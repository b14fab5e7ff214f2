#include "awsx/creds/profile_command.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "awsx/process/helper.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/fd.hpp"

namespace awsx::creds {

namespace {

// Where to look, for hints: "(set at ~/.aws/config:7)" or nothing.
std::string set_at(const ProfileCommand& command) {
  return command.origin.empty() ? "" : " (set at " + command.origin + ")";
}

} // namespace

std::string run_profile_command(const ProfileCommand& command, const process::Supervision& how,
                                std::size_t max_output, const std::string& expected) {
  auto words = profile_command_words(command);
  const std::string where = "profile " + command.profile + ": " + command.key + " `" +
                            process::program_label(words.front()) + "`";
  const util::Fd null(how.stdin_null ? ::open("/dev/null", O_RDONLY | O_CLOEXEC) : -1);
  process::Request request;
  request.argv = std::move(words);
  request.env = how.env;
  request.own_session = !how.interactive;
  request.stdin_fd = null.get();
  process::HelperResult result;
  try {
    result = process::run_helper(std::move(request),
                                 how.interactive ? std::chrono::seconds(0) : how.timeout,
                                 max_output);
  } catch (const process::LaunchError& e) {
    if (e.error() == ENOENT)
      throw CredentialError(where + " was not found" + set_at(command),
                            "no shell runs it (as in the AWS CLI): give the program's full "
                            "path or put its folder in PATH; for shell syntax write "
                            "sh -c '...'");
    throw CredentialError(where + " can't be run: " + std::strerror(e.error()) +
                          set_at(command));
  } catch (const std::system_error& e) {
    throw CredentialError(where + ": " + e.what());
  }
  if (result.timed_out)
    throw CredentialError(where + " did not finish within " +
                              std::to_string(how.timeout.count()) +
                              "s; awsx stopped it and everything it started",
                          process::timeout_advice(how));
  const std::string by_hand = "run the " + command.key + " of profile " + command.profile +
                              set_at(command) + " by hand to see what fails";
  if (result.overflowed)
    throw CredentialError(where + " printed more than " +
                              (max_output % 1024 == 0
                                   ? std::to_string(max_output / 1024) + " KiB"
                                   : std::to_string(max_output) + " bytes") +
                              " on stdout; it must print " + expected,
                          by_hand);
  if (!WIFEXITED(result.status) || WEXITSTATUS(result.status) != 0)
    throw CredentialError(where + " " + process::describe_status(result.status), by_hand);
  return std::move(result.output);
}

} // namespace awsx::creds
