#include "awsx/store/private_files.hpp"

#include <cerrno>
#include <cstring>
#include <memory>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "awsx/store/crypto.hpp"
#include "awsx/store/storage_failure.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/fd.hpp"
#include "awsx/util/new_file.hpp"
#include "awsx/util/strings.hpp"

namespace awsx::store {
namespace {

namespace fs = std::filesystem;
using util::Fd;

struct DirCloser {
  void operator()(DIR* dir) const { ::closedir(dir); }
};

void sync_dir(const fs::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  // Some file systems cannot sync a directory (EINVAL); the rename is still atomic there.
  if (fd.get() < 0 || (::fsync(fd.get()) != 0 && errno != EINVAL))
    fail_storage("sync the folder", dir, errno, dir);
}

// Writes `bytes` to a new temporary file in `dir` and returns its name; on failure the
// temporary file is gone again.
std::string write_temp(const fs::path& dir, const std::string& name, const std::string& bytes) {
  auto temp = temp_prefix + name + "-" + util::to_hex(random_bytes(6));
  const auto path = dir / temp;
  const auto written = util::write_new_private_file(path, bytes, true);
  if (!written.created)
    fail_storage("create a file in", dir, written.error, dir);
  if (written.error != 0)
    fail_storage("write to", dir, written.error, dir);
  return temp;
}

} // namespace

std::optional<std::string> read_private_file(const fs::path& dir, const std::string& name) {
  const auto path = dir / name;
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (fd.get() < 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return std::nullopt;
    fail_storage("open", path, errno, dir);
  }
  std::string out;
  char buffer[8192];
  for (;;) {
    const auto n = ::read(fd.get(), buffer, sizeof buffer);
    if (n == 0)
      return out;
    if (n > 0)
      out.append(buffer, static_cast<std::size_t>(n));
    else if (errno != EINTR)
      fail_storage("read", path, errno, dir);
  }
}

void replace_private_file(const fs::path& dir, const std::string& name,
                          const std::string& bytes) {
  const auto temp = write_temp(dir, name, bytes);
  if (::rename((dir / temp).c_str(), (dir / name).c_str()) != 0) {
    const int err = errno;
    ::unlink((dir / temp).c_str());
    fail_storage("replace", dir / name, err, dir);
  }
  sync_dir(dir);
}

bool create_private_file(const fs::path& dir, const std::string& name,
                         const std::string& bytes) {
  const auto temp = write_temp(dir, name, bytes);
  // link() refuses to replace, unlike rename(), so the first of two racing writers wins.
  const int rc = ::link((dir / temp).c_str(), (dir / name).c_str());
  const int err = errno;
  ::unlink((dir / temp).c_str());
  if (rc != 0 && err != EEXIST)
    fail_storage("create", dir / name, err, dir);
  sync_dir(dir);
  return rc == 0;
}

bool remove_private_file(const fs::path& dir, const std::string& name) {
  if (::unlink((dir / name).c_str()) != 0) {
    if (errno == ENOENT || errno == ENOTDIR)
      return false;
    fail_storage("delete", dir / name, errno, dir);
  }
  sync_dir(dir);
  return true;
}

std::vector<std::string> list_private_files(const fs::path& dir, const std::string& suffix) {
  std::vector<std::string> out;
  std::unique_ptr<DIR, DirCloser> handle(::opendir(dir.c_str()));
  if (!handle) {
    if (errno == ENOENT || errno == ENOTDIR)
      return out;
    fail_storage("list", dir, errno, dir);
  }
  while (const auto* entry = ::readdir(handle.get())) {
    const std::string file = entry->d_name;
    if (file.size() > suffix.size() && file.rfind(temp_prefix, 0) != 0 &&
        file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(file);
  }
  return out;
}

} // namespace awsx::store
