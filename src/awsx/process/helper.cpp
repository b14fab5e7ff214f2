#include "awsx/process/helper.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>
#include <system_error>
#include <thread>

#include "awsx/util/fd.hpp"

namespace awsx::process {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto stop_grace = std::chrono::seconds(1);

// The helpers running in a session of their own, by pid (= their process group id); a
// slot holds 0 when free. Each stays unreaped while listed, so its id can't be reused.
std::array<std::atomic<pid_t>, 16> running_groups{};

// Lists `pid`; false when every slot is taken (it is then only stopped by its deadline).
std::atomic<pid_t>* track(pid_t pid) {
  for (auto& slot : running_groups) {
    pid_t free = 0;
    if (slot.compare_exchange_strong(free, pid))
      return &slot;
  }
  return nullptr;
}

// True once `pid` has exited; it stays a zombie (not reaped), so its process group id
// can't be reused before the group is killed.
bool has_exited(pid_t pid) {
  siginfo_t info{};
  while (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) < 0)
    if (errno != EINTR)
      return true; // not our child any more: nothing to wait for
  return info.si_pid == pid;
}

// Waits for `pid` to exit until `deadline` (none: for ever); true when it did.
bool wait_exit(pid_t pid, std::optional<Clock::time_point> deadline) {
  while (!has_exited(pid)) {
    if (deadline && Clock::now() >= *deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

// SIGTERM to the group, a grace period for the leader, then SIGKILL for whatever is left.
void stop_group(pid_t pid, bool group) {
  const pid_t target = group ? -pid : pid;
  ::kill(target, SIGTERM);
  wait_exit(pid, Clock::now() + stop_grace);
  ::kill(target, SIGKILL);
}

// Reads `fd` into `result` until EOF, the cap or `deadline`; false when the time ran out.
bool read_until(int fd, HelperResult& result, std::size_t max_output,
                std::optional<Clock::time_point> deadline) {
  char buffer[8192];
  for (;;) {
    int wait_ms = -1;
    if (deadline) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now());
      if (left.count() <= 0)
        return false;
      wait_ms = static_cast<int>(std::min<long long>(left.count(), 60'000));
    }
    pollfd entry{fd, POLLIN, 0};
    const int ready = ::poll(&entry, 1, wait_ms);
    if (ready < 0 && errno != EINTR)
      throw std::system_error(errno, std::system_category(), "poll");
    if (ready <= 0)
      continue;
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
      continue;
    if (n <= 0)
      return true;
    result.output.append(buffer, static_cast<std::size_t>(n));
    if (result.output.size() > max_output) {
      result.overflowed = true;
      return true;
    }
  }
}

} // namespace

HelperResult run_helper(Request request, std::chrono::milliseconds timeout,
                        std::size_t max_output) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw std::system_error(errno, std::system_category(), "pipe");
  util::Fd read_end(fds[0]);
  util::Fd write_end(fds[1]);
  request.stdout_fd = write_end.get();
  const pid_t pid = launch(request);
  write_end.reset();
  std::atomic<pid_t>* tracked = request.own_session ? track(pid) : nullptr;

  std::optional<Clock::time_point> deadline;
  if (timeout.count() > 0)
    deadline = Clock::now() + timeout;
  HelperResult result;
  bool in_time = read_until(read_end.get(), result, max_output, deadline);
  // Closing before the wait lets an over-long writer die of SIGPIPE instead of blocking.
  read_end.reset();
  if (in_time && deadline)
    in_time = wait_exit(pid, deadline);
  if (!in_time) {
    result.timed_out = true;
    stop_group(pid, request.own_session);
  }
  if (tracked != nullptr)
    tracked->store(0);
  result.status = reap(pid, "a helper program");
  return result;
}

void stop_running_helpers() noexcept {
  for (auto& slot : running_groups)
    if (const pid_t pid = slot.load(); pid > 0)
      ::kill(-pid, SIGKILL);
}

std::string program_label(const std::string& word) {
  const auto eq = word.find('=');
  return eq == std::string::npos ? word : word.substr(0, eq + 1) + "...";
}

std::string describe_status(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = strsignal(sig);
    return "was killed by signal " + std::to_string(sig) +
           (name ? std::string(" (") + name + ")" : "");
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return "exited with status " + std::to_string(code);
}

} // namespace awsx::process
