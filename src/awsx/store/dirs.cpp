#include "awsx/store/dirs.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::store {

std::string cache_dir(const util::Environment& env) {
  if (auto xdg = env.get_nonempty("XDG_CACHE_HOME"); xdg && xdg->front() == '/')
    return *xdg + "/awsx";
  const auto home = env.get_nonempty("HOME");
  if (!home)
    throw StorageError("cannot find a cache folder: HOME and XDG_CACHE_HOME are unset",
                       "set HOME, or use --no-cache");
  return *home + "/.cache/awsx";
}

void make_private_dirs(const std::string& path) {
  if (path.empty())
    return;
  for (std::size_t pos = 1;; ++pos) {
    pos = path.find('/', pos);
    const std::string part = path.substr(0, pos);
    if (::mkdir(part.c_str(), 0700) != 0 && errno != EEXIST)
      throw StorageError("cannot create folder " + part + ": " + std::strerror(errno));
    if (pos == std::string::npos)
      break;
  }
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    throw StorageError(path + " is not a folder");
  if ((st.st_mode & 0777) != 0700 && ::chmod(path.c_str(), 0700) != 0)
    throw StorageError("cannot make " + path + " private (0700): " + std::strerror(errno));
}

} // namespace awsx::store
