#include "awsx/fast/cached_exec.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>

#include "awsx/cli/embedded_scripts.hpp"
#include "awsx/cli/parse.hpp"
#include "awsx/cli/use_script.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/exec/child_env.hpp"
#include "awsx/exec/replace_process.hpp"
#include "awsx/output/formats.hpp"
#include "awsx/session/lookup.hpp"
#include "awsx/store/backend_choice.hpp"
#include "awsx/store/keyctl_keyring.hpp"
#include "awsx/util/clock.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/process_state.hpp"

namespace awsx::fast {

namespace {

// `awsx use` the front-end can answer from a hit: not --unset, and a shell it knows (a
// missing or unknown one is awsx-core's usage error to report).
bool servable_use(const cli::Invocation& invocation) {
  const auto shells = cli::shell_names();
  return invocation.command == "use" && !invocation.unset &&
         std::find(shells.begin(), shells.end(), invocation.shell) != shells.end();
}

// Writes `text` to standard output and exits 0, or says why it could not and exits 1.
[[noreturn]] void print_and_exit(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() ||
      std::fflush(stdout) != 0) {
    std::fprintf(stderr, "awsx: error: %s: %s\n", output::write_failure, std::strerror(errno));
    std::exit(1);
  }
  std::exit(0);
}

} // namespace

void serve_if_cached(const std::vector<std::string>& args) {
  try {
    const auto invocation = cli::parse_command_line(args);
    const bool exec = invocation.command == "exec" && !invocation.ecs_server;
    const bool export_ = invocation.command == "export";
    const bool use = servable_use(invocation);
    // --no-cache never uses a cached session: awsx-core fetches one.
    if ((!exec && !export_ && !use) || invocation.help || invocation.version ||
        invocation.credentials.no_cache)
      return;
    const std::string format =
        invocation.format.empty() ? output::default_format : invocation.format;
    if (export_)
      output::check_format(format);
    const util::ProcessEnvironment env;
    // Only the kernel keyring is read here: another backend needs libsecret or OpenSSL.
    if (store::sessions_backend_without_dbus(env) != store::Backend::keyctl)
      return;
    // Only the sections the profile reaches are kept (every line is still checked), and
    // they stay alive when the process is replaced: building and tearing down all of a
    // 10,000-profile config would cost more than everything else here.
    const auto files = config::load_for_profile(
        env, creds::named_profile(invocation.credentials, env).value_or("default"));
    const util::SystemClock clock;
    const auto found = session::lookup_cached(invocation.credentials, files, env, clock, [] {
      return std::make_unique<store::KeyctlKeyring>(store::scope(store::Purpose::sessions));
    });
    if (!found.session)
      return;
    if (exec) {
      const auto command =
          invocation.child.empty() ? exec::default_command(env) : invocation.child;
      exec::replace_process(command, exec::child_environment(env.entries(), *found.session));
    }
    // Rendered in full before anything is written, so a failure leaves no partial output
    // for awsx-core to repeat.
    if (use)
      print_and_exit(cli::use_output(invocation, *found.session, env));
    print_and_exit(output::render(*found.session, format));
  } catch (...) {
    // Deliberately silent: awsx-core runs the same command line and reports the error
    // (a bad config, a command not found) through the one place that reports errors.
  }
}

std::vector<std::filesystem::path>
core_candidates(const std::optional<std::filesystem::path>& self) {
  // Installed: <prefix>/bin/awsx and <prefix>/<libexec>/awsx/awsx-core; in the build tree
  // the two sit side by side.
  if (self)
    return {self->parent_path() / AWSX_CORE_RELATIVE_PATH, self->parent_path() / "awsx-core"};
  // Never a path relative to the current folder: whoever controls it would run as the user
  // with AWSX_FILE_PASSPHRASE in hand. Only the absolute path fixed at build time is left.
  return {AWSX_CORE_INSTALLED_PATH};
}

void hand_over(char** argv) {
  std::error_code error;
  std::optional<std::filesystem::path> self =
      std::filesystem::read_symlink("/proc/self/exe", error);
  if (error || !self->is_absolute())
    self.reset();
  const auto candidates = core_candidates(self);
  // awsx-core inherits what the user gave awsx (and takes note of it), nothing of ours.
  util::prepare_exec(true);
  std::string looked;
  for (const auto& core : candidates) {
    looked += (looked.empty() ? "" : " and ") + core.string();
    if (::access(core.c_str(), X_OK) != 0)
      continue;
    ::execv(core.c_str(), argv);
    std::fprintf(stderr, "awsx: error: cannot run %s: %s\n", core.c_str(),
                 std::strerror(errno));
    std::exit(127);
  }
  if (!self)
    std::fprintf(stderr,
                 "awsx: error: cannot find awsx-core: /proc/self/exe is unreadable (%s), and "
                 "awsx-core is not at %s\n"
                 "awsx: hint: mount /proc, or install awsx where it was built to go\n",
                 error ? error.message().c_str() : "not an absolute path", looked.c_str());
  else
    std::fprintf(stderr,
                 "awsx: error: awsx-core is missing (looked in %s)\n"
                 "awsx: hint: reinstall awsx; the two programs must be installed together\n",
                 looked.c_str());
  std::exit(127);
}

} // namespace awsx::fast
