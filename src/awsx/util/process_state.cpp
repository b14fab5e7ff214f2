#include "awsx/util/process_state.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>

#include "awsx/util/environment.hpp"

namespace awsx::util {

namespace {

// Inherited descriptors past this many are not kept: losing one of the user's is safer
// than a fixed array that could be overrun. A jobserver needs two.
constexpr int max_kept = 256;
int kept[max_kept];
int kept_count = 0;

bool core_limit_changed = false;
struct rlimit original_core_limit {};

void keep_if_inherited(int fd, int exclude) {
  if (fd <= STDERR_FILENO || fd == exclude || kept_count == max_kept)
    return;
  const int flags = ::fcntl(fd, F_GETFD);
  if (flags < 0 || (flags & FD_CLOEXEC) != 0)
    return; // a library's descriptor opened before main(), not the parent's
  kept[kept_count++] = fd;
}

// The highest descriptor number worth probing when close_range(2) or /proc is missing.
unsigned descriptor_limit() noexcept {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY ||
      limit.rlim_cur > 65536)
    return 65536;
  return static_cast<unsigned>(limit.rlim_cur);
}

// Sets close-on-exec on descriptors `first`..`last`; async-signal-safe.
void cloexec_range(unsigned first, unsigned last) noexcept {
  if (first > last)
    return;
  if (::close_range(first, last, CLOSE_RANGE_CLOEXEC) == 0)
    return;
  // Kernels before 5.11: one fcntl per possible descriptor.
  const unsigned end = std::min(last, descriptor_limit());
  for (unsigned fd = first; fd <= end && fd < INT_MAX; ++fd) {
    const int flags = ::fcntl(static_cast<int>(fd), F_GETFD);
    if (flags >= 0 && (flags & FD_CLOEXEC) == 0)
      ::fcntl(static_cast<int>(fd), F_SETFD, flags | FD_CLOEXEC);
  }
}

} // namespace

void note_inherited_descriptors() noexcept {
  for (int fd = STDIN_FILENO; fd <= STDERR_FILENO; ++fd)
    if (::fcntl(fd, F_GETFD) < 0 && errno == EBADF)
      ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY); // lands on `fd`
  kept_count = 0;
  if (DIR* dir = ::opendir("/proc/self/fd")) {
    const int own = ::dirfd(dir);
    while (const dirent* entry = ::readdir(dir)) {
      char* end = nullptr;
      const long fd = std::strtol(entry->d_name, &end, 10);
      if (end != entry->d_name && *end == '\0' && fd >= 0 && fd < INT_MAX)
        keep_if_inherited(static_cast<int>(fd), own);
    }
    ::closedir(dir);
  } else {
    // No /proc (a chroot, a hidden mount): ask the kernel about every possible number.
    const unsigned limit = std::min(descriptor_limit(), 4096U);
    for (unsigned fd = 3; fd < limit; ++fd)
      keep_if_inherited(static_cast<int>(fd), -1);
  }
  std::sort(kept, kept + kept_count);
}

void forbid_core_dumps() noexcept {
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  if (::getrlimit(RLIMIT_CORE, &original_core_limit) != 0)
    return;
  struct rlimit none = original_core_limit;
  none.rlim_cur = 0;
  core_limit_changed = ::setrlimit(RLIMIT_CORE, &none) == 0;
}

void prepare_exec(bool keep_inherited) noexcept {
  unsigned next = STDERR_FILENO + 1;
  if (keep_inherited) {
    for (int i = 0; i < kept_count; ++i) {
      const auto fd = static_cast<unsigned>(kept[i]);
      if (fd > next)
        cloexec_range(next, fd - 1);
      next = fd + 1;
    }
  }
  cloexec_range(next, ~0U);
  if (core_limit_changed)
    ::setrlimit(RLIMIT_CORE, &original_core_limit);
}

void protect_core_process() noexcept {
  // An ignored SIGCHLD survives exec and makes the kernel reap children itself, so
  // waitpid would fail instead of giving the command's or a helper's status.
  ::signal(SIGCHLD, SIG_DFL);
  note_inherited_descriptors();
  forbid_core_dumps();
  take_private_variables();
}

} // namespace awsx::util
