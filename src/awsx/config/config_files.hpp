#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "awsx/config/ini.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::config {

// The AWS config and credentials files read the way botocore's Session.full_config
// reads them. Each Section's `name` is the profile, session or service name.
struct ConfigFiles {
  std::string config_path;      // after `~` and `$VAR` expansion
  std::string credentials_path; // after `~` and `$VAR` expansion
  // Config-file profiles, then credentials-file sections merged on top key by key.
  // A merged profile's file/line is its config-file section's.
  std::map<std::string, Section> profiles;
  std::map<std::string, Section> sso_sessions; // [sso-session NAME]
  std::map<std::string, Section> services;     // [services NAME]
  std::map<std::string, Section> others;       // other config sections, e.g. [plugins]

  // The profile named `name`, or nullptr when no file defines it.
  const Section* profile(const std::string& name) const;

  // Every profile name, sorted.
  std::vector<std::string> profile_names() const;
};

// Builds the profile map from `config_text` read from `config_path` and
// `credentials_text` read from `credentials_path`; throws ConfigError when either is
// malformed.
ConfigFiles build(std::string_view config_text, const std::string& config_path,
                  std::string_view credentials_text, const std::string& credentials_path);

// Like build(), but keeps only what `profile` can reach: that profile, the profiles its
// source_profile chain names, the sso-session and services sections they use (all with
// [DEFAULT] applied, as build() does). Every line of both files is still checked, so a
// malformed file fails exactly as build() fails. For the cached exec, where a
// 10,000-profile config would otherwise cost more than everything else.
ConfigFiles build_for_profile(const std::string& profile, std::string_view config_text,
                              const std::string& config_path, std::string_view credentials_text,
                              const std::string& credentials_path);

// Reads the files named by `env` (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, else
// ~/.aws/config and ~/.aws/credentials); a missing file counts as empty, an unreadable
// one or a directory is a ConfigError.
ConfigFiles load(const util::Environment& env);

// load() through build_for_profile() when `profile` is given.
ConfigFiles load_for_profile(const util::Environment& env,
                             const std::optional<std::string>& profile);

// The config file load() reads for `env`: AWS_CONFIG_FILE, else ~/.aws/config, expanded.
std::string config_file_path(const util::Environment& env);

// The credentials file load() reads for `env`: AWS_SHARED_CREDENTIALS_FILE, else
// ~/.aws/credentials, expanded.
std::string credentials_file_path(const util::Environment& env);

// The text of the file at `path` as load() reads it: empty when missing or not a regular
// file; a ConfigError naming `variable` when it cannot be read.
std::string read_text(const std::string& path, const char* variable);

// The profile that the config-file section headed `[header]` defines (`default` for
// [default] and [profile default]), or nullopt for a section that defines none.
std::optional<std::string> profile_of_config_header(std::string_view header);

// `path` with `$VAR` / `${VAR}` replaced from `env` when set and a leading `~` or
// `~user` replaced by the home directory, like Python's expandvars + expanduser.
std::string expand_path(const std::string& path, const util::Environment& env);

} // namespace awsx::config
