#pragma once

#include <string>

#include "awsx/aws/credentials.hpp"
#include "awsx/creds/profile_command.hpp"
#include "awsx/util/result.hpp"

namespace awsx::creds {

// Runs credential_process `command` as run_profile_command() does (no shell, supervised
// as `how` says), reads JSON from its stdout and returns the credentials. Version must be
// the integer 1; SessionToken and Expiration are optional. A non-zero exit, bad JSON or a
// missing field is a CredentialError that names the profile; no secret is ever quoted.
aws::Credentials run_credential_process(const ProfileCommand& command,
                                        const process::Supervision& how);

// Parses credential_process output `json`; the failure says what is wrong.
util::Result<aws::Credentials> parse_credential_process_output(const std::string& json);

} // namespace awsx::creds
