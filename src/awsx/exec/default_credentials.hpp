#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "awsx/config/ini.hpp"

// Profile default's own credential sources, which botocore, the AWS CLI and the JS SDK
// all try before a container endpoint: an --ecs-server child must not see them.
namespace awsx::exec {

// True for a profile key `key` (lowercase) that makes SDKs take credentials from the
// profile itself: keys, a role, web identity, a process, SSO or a login session.
bool is_credential_key(std::string_view key);

// The credential keys, sorted, that profile default has in the raw sections `sections`
// of one file, counting the [DEFAULT] keys it inherits; `config_file` says whether its
// headers are config-file ones ([default], [profile default]) or credentials-file ones.
std::vector<std::string> default_credential_keys(const std::vector<config::Section>& sections,
                                                 bool config_file);

// Config text `text` read from `path` without the lines of profile default's credential
// keys (continuation lines included), from [default], [profile default] and, when one of
// them exists, from [DEFAULT], which they inherit (other profiles that inherit those from
// [DEFAULT] lose them too). Every other byte stays; `text` itself when nothing goes.
// Throws ConfigError for malformed text.
std::string without_default_credentials(std::string_view text, const std::string& path);

// The same for `text` already parsed into raw sections `sections`.
std::string without_default_credentials(std::string_view text,
                                        const std::vector<config::Section>& sections);

} // namespace awsx::exec
