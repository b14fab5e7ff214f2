#pragma once

#include <string>

#include "awsx/aws/credentials.hpp"
#include "awsx/util/result.hpp"

namespace awsx::creds {

// Runs `command` through /bin/sh with the user's stdin, stderr and terminal, reads JSON
// from its stdout and returns the credentials. Version must be the integer 1;
// SessionToken and Expiration are optional. A non-zero exit, bad JSON or a missing
// field is a CredentialError that quotes `profile`; no secret is ever quoted.
aws::Credentials run_credential_process(const std::string& command, const std::string& profile);

// Parses credential_process output `json`; the failure says what is wrong.
util::Result<aws::Credentials> parse_credential_process_output(const std::string& json);

} // namespace awsx::creds
