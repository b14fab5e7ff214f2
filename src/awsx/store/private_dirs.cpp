#include "awsx/store/private_dirs.hpp"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#include "awsx/store/storage_failure.hpp"
#include "awsx/util/user.hpp"

namespace awsx::store {
namespace {

namespace fs = std::filesystem;

// Linux's own limit on symbolic links followed while resolving one path.
constexpr int max_links = 40;

constexpr const char* move_hint =
    "or keep awsx's folders elsewhere with XDG_CACHE_HOME (sessions, locks), XDG_DATA_HOME "
    "(keys) or AWSX_FILE_DIR";

std::string quoted(const fs::path& path) {
  return "'" + path.string() + "'";
}

std::string octal_mode(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

[[noreturn]] void fail(const std::string& what, const fs::path& path, int err) {
  fail_storage(what, path, err, path);
}

// True when `gid` is the user's own private group: the primary group, named after the
// user and with no other members. Distributions that give each user such a group also
// set umask 002, so ~/.cache is often group-writable, and only the user is in the group.
bool private_group(gid_t gid) {
  if (gid != ::getegid())
    return false;
  static const auto user = util::real_user(); // the same for every folder of every walk
  if (!user.name)
    return false;
  std::vector<char> buffer(16384);
  for (;;) {
    group entry{};
    group* found = nullptr;
    const int rc = ::getgrgid_r(gid, &entry, buffer.data(), buffer.size(), &found);
    if (rc == ERANGE && buffer.size() < (1U << 20)) { // a group with many members
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (rc == EINTR)
      continue;
    if (rc != 0 || found == nullptr || *user.name != found->gr_name)
      return false;
    for (char** member = found->gr_mem; member != nullptr && *member != nullptr; ++member)
      if (*user.name != *member)
        return false;
    return true;
  }
}

// True when the names left to walk, `todo`, lead nowhere further ("", "."): the folder
// just reached is the one asked for.
bool at_the_end(const std::deque<std::string>& todo) {
  return std::all_of(todo.begin(), todo.end(),
                     [](const std::string& part) { return part.empty() || part == "."; });
}

// The components of `path` after its root.
std::deque<std::string> parts_of(const fs::path& path) {
  std::deque<std::string> out;
  for (const auto& part : path.relative_path())
    out.push_back(part.string());
  return out;
}

// Walks `dir` from the root, one name at a time, following symbolic links by hand so
// that every folder and link the kernel will pass through when awsx later opens a file
// in `dir` is checked. Each checked folder can only be changed by us or root, so it still
// leads to the same place when the file is opened: the check cannot be raced.
class Walk {
public:
  Walk(const fs::path& dir, bool create) : dir_(dir), create_(create) {}

  void run() {
    std::error_code error;
    const auto absolute = fs::absolute(dir_, error);
    if (error)
      fail("resolve", dir_, error.value());
    auto todo = parts_of(absolute);
    fs::path at = "/";
    check_folder(at, lstat_of(at), at_the_end(todo));
    int links = 0;
    while (!todo.empty()) {
      const auto part = todo.front();
      todo.pop_front();
      if (part.empty() || part == ".")
        continue;
      if (part == "..") {
        at = at.parent_path(); // `at` holds no links, so this is its real parent
        continue;
      }
      const auto next = at / part;
      struct stat st {};
      if (::lstat(next.c_str(), &st) != 0) {
        if (errno != ENOENT)
          fail("access", next, errno);
        if (!create_)
          return; // nothing stored below here yet, so nothing to read
        make(next);
        st = lstat_of(next);
      }
      if (S_ISLNK(st.st_mode)) {
        check_owner(next, st, "a symbolic link");
        if (++links > max_links)
          throw StorageError("too many symbolic links in " + dir_.string());
        const auto target = fs::read_symlink(next, error);
        if (error)
          fail("read the symbolic link", next, error.value());
        if (target.is_absolute())
          at = "/";
        const auto inner = parts_of(target);
        todo.insert(todo.begin(), inner.begin(), inner.end());
        continue;
      }
      if (!S_ISDIR(st.st_mode)) {
        if (!create_)
          return; // a file where a folder should be: there is nothing to read
        throw StorageError(next.string() + " is not a folder",
                           "move it away so awsx can create it");
      }
      check_folder(next, st, at_the_end(todo));
      at = next;
    }
  }

private:
  struct stat lstat_of(const fs::path& path) const {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0)
      fail("access", path, errno);
    return st;
  }

  static void make(const fs::path& path) {
    if (::mkdir(path.c_str(), 0700) == 0)
      ::chmod(path.c_str(), 0700); // the umask may have taken bits we need
    else if (errno != EEXIST)      // another awsx made it meanwhile: check it as found
      fail_storage("create the folder", path, errno, path.parent_path());
  }

  void check_owner(const fs::path& path, const struct stat& st, const char* kind) const {
    if (st.st_uid == ::geteuid() || st.st_uid == 0)
      return;
    throw UnsafeFolder("awsx will not keep secrets in " + dir_.string() + ": " + path.string() +
                           " is " + kind + " of another user (uid " +
                           std::to_string(st.st_uid) + "), who could swap what awsx stores",
                       "keep awsx's folders under folders owned by you or root, " +
                           std::string(move_hint));
  }

  // `last` is `dir` itself: it must be ours, and it is made private rather than refused.
  void check_folder(const fs::path& path, const struct stat& st, bool last) const {
    if (last) {
      if (st.st_uid != ::geteuid())
        throw UnsafeFolder(
            path.string() + " belongs to another user (uid " + std::to_string(st.st_uid) + ")",
            "awsx keeps secrets only in folders you own; remove it, " + std::string(move_hint));
      if ((st.st_mode & 077) != 0 && ::chmod(path.c_str(), 0700) != 0)
        fail("make private the folder", path, errno);
      return;
    }
    check_owner(path, st, "a folder");
    const bool writable = (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
    if (!writable || (st.st_mode & S_ISVTX) != 0)
      return;
    if ((st.st_mode & S_IWOTH) == 0 && private_group(st.st_gid))
      return;
    const char* who = (st.st_mode & S_IWOTH) == 0   ? "its group"
                      : (st.st_mode & S_IWGRP) == 0 ? "others"
                                                    : "its group and others";
    throw UnsafeFolder("awsx will not keep secrets in " + dir_.string() + ": " + path.string() +
                           " is writable by " + who + " (mode " + octal_mode(st.st_mode) +
                           "), who could swap what awsx stores",
                       "run chmod go-w " + quoted(path) + ", " + move_hint);
  }

  fs::path dir_;
  bool create_;
};

} // namespace

void ensure_private_dir(const fs::path& dir) {
  Walk(dir, true).run();
}

void check_private_dir(const fs::path& dir) {
  Walk(dir, false).run();
}

} // namespace awsx::store
