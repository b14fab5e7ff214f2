#pragma once

#include <filesystem>
#include <string>

#include "awsx/store/keyring.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::store {

// The folder of the file keyring for `purpose`, from `env`: $AWSX_FILE_DIR/{keyring,sessions}
// when set (for tests and portable setups), else $XDG_DATA_HOME/awsx/keyring for
// credentials (they must survive) and $XDG_CACHE_HOME/awsx/sessions for sessions (they
// may be thrown away), with the XDG defaults under $HOME. Throws StorageError without HOME.
std::filesystem::path file_keyring_dir(const util::Environment& env, Purpose purpose);

// awsx's folder for state that may be thrown away (locks, file-keyring sessions):
// $XDG_CACHE_HOME/awsx, default ~/.cache/awsx. Throws StorageError without HOME.
std::filesystem::path cache_dir(const util::Environment& env);

// The lock file that concurrent runs fetching the session named `session_name` (a
// session_name() result) share, in cache_dir from `env`: locks/<digest>.lock. Throws
// StorageError without HOME, or when `session_name` is not a session's name.
std::filesystem::path lock_path(const util::Environment& env, const std::string& session_name);

} // namespace awsx::store
