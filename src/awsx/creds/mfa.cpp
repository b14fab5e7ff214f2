#include "awsx/creds/mfa.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/terminal.hpp"

namespace awsx::creds {

namespace {

std::string run_mfa_process(const MfaRequest& request) {
  // The command runs through the shell with the user's stdin, stderr and terminal,
  // so it can prompt or talk to a password manager; only stdout is ours.
  FILE* pipe = ::popen(request.mfa_process.c_str(), "r");
  if (pipe == nullptr)
    throw CredentialError("profile " + request.profile + ": cannot start mfa_process: " +
                          std::strerror(errno));
  std::string out;
  char buffer[256];
  while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) {
    out.append(buffer, n);
    if (out.size() > 4096)
      break;
  }
  const int status = ::pclose(pipe);
  if (status != 0)
    throw CredentialError("profile " + request.profile + ": mfa_process exited with status " +
                              std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : status),
                          "run the mfa_process command by hand to see what fails");
  const std::string code(util::trim(out));
  check_mfa_code(code, "mfa_process of profile " + request.profile);
  return code;
}

std::string prompt_on_tty(const MfaRequest& request) {
  auto terminal = util::Terminal::open();
  if (!terminal)
    throw CredentialError("MFA code needed for " + request.serial + " (profile " +
                              request.profile + "), but there is no terminal to ask on",
                          "pass --mfa-token CODE, or set mfa_process in [profile " +
                              request.profile + "]");
  terminal->write("Enter MFA code for " + request.serial + ": ");
  const std::string code(util::trim(terminal->read_line(false, 64).value_or("")));
  if (code.empty())
    throw CredentialError("no MFA code entered for " + request.serial + " (profile " +
                          request.profile + ")");
  check_mfa_code(code, "the terminal");
  return code;
}

} // namespace

void check_mfa_code(const std::string& code, const std::string& origin) {
  if (code.size() != 6 || !util::is_digits(code))
    throw CredentialError("the MFA code from " + origin + " is not 6 digits",
                          "use the current code shown by your MFA device");
}

std::string MfaPrompter::code(const MfaRequest& request) {
  if (!given_token_.empty()) {
    check_mfa_code(given_token_, "--mfa-token");
    return given_token_;
  }
  if (!may_prompt_)
    throw CredentialError("a new session for profile " + request.profile + " needs an MFA code (" +
                              request.serial + "), and awsx may not ask for one here",
                          "run `awsx exec " + request.profile + "` again to enter a code");
  if (!request.mfa_process.empty())
    return run_mfa_process(request);
  return prompt_on_tty(request);
}

} // namespace awsx::creds
