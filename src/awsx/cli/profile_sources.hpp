#pragma once

#include <string>
#include <vector>

namespace awsx::config {
struct ConfigFiles;
}

namespace awsx::cli {

// How a profile gets its credentials, as `awsx list` shows it.
struct ProfileSource {
  std::string kind;  // "keys", "role", "process", "sso", "web-identity", "none"
  std::string via;   // keyring / credentials file / the source profile or credential_source
};

// Describes profile `name` of `files`; `in_keyring` says whether `awsx add` stored keys for it.
ProfileSource describe_source(const config::ConfigFiles& files, const std::string& name,
                              bool in_keyring);

// The profiles whose source_profile chain starts at `root` (including `root`), so that
// removing `root`'s keys can forget every session they made.
std::vector<std::string> profiles_rooted_at(const config::ConfigFiles& files,
                                            const std::string& root);

} // namespace awsx::cli
