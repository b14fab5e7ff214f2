#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>

#include "awsx/util/process_state.hpp"

using namespace awsx;

namespace {

bool cloexec(int fd) {
  return (::fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0;
}

// Exits with 0 when `check` holds, else with 1; for the death tests below, which run in
// a forked child because the process state they change is the whole test binary's.
[[noreturn]] void exit_with(bool check) {
  std::_Exit(check ? 0 : 1);
}

} // namespace

TEST(UtilProcessState, inherited_descriptors_are_kept_and_later_ones_marked_close_on_exec) {
  EXPECT_EXIT(
      {
        const int inherited = ::open("/dev/null", O_RDONLY); // as if from the parent
        const int library = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        util::note_inherited_descriptors();
        const int own = ::open("/dev/null", O_RDONLY); // awsx forgot O_CLOEXEC
        util::prepare_exec(true);
        const bool kept = !cloexec(inherited) && cloexec(library) && cloexec(own);
        util::prepare_exec(false);
        exit_with(kept && cloexec(inherited) && !cloexec(STDERR_FILENO));
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(UtilProcessState, a_closed_standard_stream_is_filled_so_no_file_of_ours_lands_there) {
  EXPECT_EXIT(
      {
        ::close(STDIN_FILENO);
        util::note_inherited_descriptors();
        const int own = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        exit_with(own > STDERR_FILENO && ::fcntl(STDIN_FILENO, F_GETFD) == 0);
      },
      ::testing::ExitedWithCode(0), "");
}

TEST(UtilProcessState, core_dumps_are_forbidden_and_the_limit_restored_for_children) {
  EXPECT_EXIT(
      {
        struct rlimit before {};
        ::getrlimit(RLIMIT_CORE, &before);
        util::forbid_core_dumps();
        struct rlimit during {};
        ::getrlimit(RLIMIT_CORE, &during);
        const bool forbidden = ::prctl(PR_GET_DUMPABLE) == 0 && during.rlim_cur == 0 &&
                               during.rlim_max == before.rlim_max;
        util::prepare_exec(true);
        struct rlimit after {};
        ::getrlimit(RLIMIT_CORE, &after);
        exit_with(forbidden && after.rlim_cur == before.rlim_cur);
      },
      ::testing::ExitedWithCode(0), "");
}
