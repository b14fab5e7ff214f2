#pragma once

#include <set>
#include <string>
#include <vector>

namespace awsx::config {
struct ConfigFiles;
}

namespace awsx::cli {

// How a profile gets its credentials, as `awsx list` shows it.
struct ProfileSource {
  std::string kind; // "keys", "role", "process", "sso", "web-identity", "none", "invalid"
  std::string via;  // keyring / credentials file / the source profile or credential_source
};

// Plans profile `name` of `files` with the planner that exec uses, without any I/O:
// `stored` names the profiles whose keys `awsx add` stored, and the environment is a
// stand-in with ambient keys and a container endpoint, so that the answer depends on the
// config alone. "none" when the profile itself has no credentials, "invalid" when its
// chain can't work (a cycle, a missing source, a source without credentials).
ProfileSource planned_source(const config::ConfigFiles& files, const std::string& name,
                             const std::set<std::string>& stored);

// The source_profile cycle that runs through profile `name` ("a -> b -> a"), or "" when
// there is none, as the planner finds it.
std::string cycle_through(const config::ConfigFiles& files, const std::string& name);

// The profiles whose credentials, as the planner resolves them, are the keys of `root`
// (including `root`), so that removing those keys can forget every session they made.
std::vector<std::string> profiles_rooted_at(const config::ConfigFiles& files,
                                            const std::string& root);

} // namespace awsx::cli
