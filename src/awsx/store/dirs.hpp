#pragma once

#include <string>

namespace awsx::util {
class Environment;
}

namespace awsx::store {

// awsx's folder for cache-like state: $XDG_CACHE_HOME/awsx, default ~/.cache/awsx.
std::string cache_dir(const util::Environment& env);

// Creates `path` and any missing parents as 0700 folders; the last one is forced to
// 0700 even when it existed. Throws StorageError naming the folder on failure.
void make_private_dirs(const std::string& path);

} // namespace awsx::store
