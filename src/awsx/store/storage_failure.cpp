#include "awsx/store/storage_failure.hpp"

#include <cerrno>
#include <cstring>

#include "awsx/util/error.hpp"

namespace awsx::store {

namespace {

std::string advice(int err, const std::filesystem::path& dir) {
  switch (err) {
  case ENOSPC:
  case EDQUOT:
  case EFBIG:
    return "free some space on the file system that holds " + dir.string() +
           " and retry; what was stored before is unchanged";
  case EACCES:
  case EPERM:
  case EROFS:
    return "make " + dir.string() + " writable by you (it should be yours, mode 0700)";
  case EIO: return "the disk reported an I/O error; check it (dmesg) before retrying";
  default: return {};
  }
}

} // namespace

void fail_storage(const std::string& what, const std::filesystem::path& path, int err,
                  const std::filesystem::path& dir) {
  throw StorageError("cannot " + what + " " + path.string() + ": " + std::strerror(err),
                     advice(err, dir));
}

} // namespace awsx::store
