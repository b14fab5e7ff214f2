#pragma once

#include <string>
#include <utility>

#include "awsx/process/supervision.hpp"

namespace awsx::creds {

// What an MFA code is needed for.
struct MfaRequest {
  std::string serial;      // the MFA device ARN sent as SerialNumber
  std::string profile;     // the profile that asked for it, for messages
  std::string mfa_process; // the profile's mfa_process command, may be empty
};

// Produces one-time MFA codes; behind an interface so tests never need a terminal.
class MfaSource {
public:
  virtual ~MfaSource() = default;

  // A code for `request`; throws CredentialError when none can be had.
  virtual std::string code(const MfaRequest& request) = 0;

  // Told that STS accepted the code code() gave last for `request`: it is used up.
  virtual void accepted(const MfaRequest& request) { (void)request; }
};

// The real source: the `--mfa-token` value, else `mfa_process`, else a prompt on /dev/tty.
class MfaPrompter final : public MfaSource {
public:
  // A source that answers with `given_token` first when it is non-empty. When
  // `may_prompt` is false, neither mfa_process nor the terminal is used; mfa_process
  // runs supervised as `how` says.
  explicit MfaPrompter(std::string given_token, bool may_prompt = true,
                       process::Supervision how = {})
      : given_token_(std::move(given_token)), may_prompt_(may_prompt), supervision_(how) {}

  std::string code(const MfaRequest& request) override;

private:
  std::string given_token_;
  bool may_prompt_;
  process::Supervision supervision_;
};

// Throws CredentialError unless `code` looks like an MFA code (6 digits) from `origin`.
void check_mfa_code(const std::string& code, const std::string& origin);

} // namespace awsx::creds
