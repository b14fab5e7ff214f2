#pragma once

#include <set>
#include <string>
#include <vector>

namespace awsx::config {
struct ConfigFiles;
}

namespace awsx::store {
class Keyring;
}

namespace awsx::util {
class Clock;
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

// `source` as the CREDENTIALS column of `awsx list` shows it, e.g. "role via base".
std::string describe(const ProfileSource& source);

// The profiles whose source_profile chain, as the planner walks it, ends at `root`
// (including `root`), so that removing root's keys can forget every session they made;
// a profile whose chain has another error counts too, as a session it made is stale.
std::vector<std::string> profiles_rooted_at(const config::ConfigFiles& files,
                                            const std::string& root);

// Forgets the cached sessions in `sessions` of each of `profiles`, or all of them when
// `profiles` is null; returns how many there were. Forgetting reads no time from `clock`
// and applies no margin.
int forget_sessions(store::Keyring& sessions, const util::Clock& clock,
                    const std::vector<std::string>* profiles);

} // namespace awsx::cli
