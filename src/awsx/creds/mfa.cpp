#include "awsx/creds/mfa.hpp"

#include "awsx/creds/profile_command.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/terminal.hpp"

namespace awsx::creds {

namespace {

// A code is 6 digits and a line end; more than this is not a code.
constexpr std::size_t max_mfa_output = 4096;

std::string run_mfa_process(const MfaRequest& request, const process::Supervision& how) {
  // The command runs with the user's stderr (and, interactively, stdin and terminal), so
  // it can prompt or talk to a password manager; only stdout is ours.
  const auto out =
      run_profile_command({"mfa_process", request.mfa_process, request.profile, ""}, how,
                          max_mfa_output, "the 6-digit MFA code");
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
    return run_mfa_process(request, supervision_);
  return prompt_on_tty(request);
}

} // namespace awsx::creds
