#pragma once

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "awsx/creds/session.hpp"

namespace awsx::output {

// The names `awsx export --format` accepts, in help order.
std::span<const char* const> format_names();

// The format `awsx export` prints without --format: the AWS CLI's default, "env".
inline constexpr const char* default_format = "env";

// The error when the rendered session can't be written: a credential_process consumer
// must not take a failed write for empty credentials. Both programs report it so.
inline constexpr const char* write_failure = "cannot write the credentials to standard output";

// Throws UsageError, listing the valid names, unless `format` is one of format_names().
void check_format(const std::string& format);

// The credential variables of `session` in the AWS CLI's order: the key pair, then the
// session token and the expiration when it has them. `awsx use` sets the same ones.
std::vector<std::pair<std::string, std::string>>
credential_variables(const creds::Session& session);

// `session` as `format`, one of format_names(). For credentials made only of
// [A-Za-z0-9+/=] the text is byte-identical to `aws configure export-credentials`
// where the AWS CLI has the format; any other value is quoted so that the target shell
// reads it literally. Throws UsageError for an unknown format, and Error when a value
// can't be written safely in it (e.g. a newline in a dotenv value).
std::string render(const creds::Session& session, const std::string& format);

} // namespace awsx::output
