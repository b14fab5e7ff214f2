#include "awsx/fast/cached_exec.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "awsx/cli/embedded_scripts.hpp"
#include "awsx/cli/parse.hpp"
#include "awsx/cli/use_script.hpp"
#include "awsx/config/config_files.hpp"
#include "awsx/creds/options.hpp"
#include "awsx/creds/plan.hpp"
#include "awsx/exec/child_env.hpp"
#include "awsx/exec/replace_process.hpp"
#include "awsx/output/formats.hpp"
#include "awsx/store/backend_choice.hpp"
#include "awsx/store/keyctl_keyring.hpp"
#include "awsx/store/session_cache.hpp"
#include "awsx/util/clock.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/process_state.hpp"

namespace awsx::fast {

namespace {

// The profile the planner starts from (creds::make_plan): the option, else AWS_PROFILE,
// else "default". Without one of those it plans from ambient credentials, and reading
// [default] is then all the config it can need.
std::string first_profile(const creds::CredentialOptions& options,
                          const util::Environment& env) {
  if (!options.profile.empty())
    return options.profile;
  return env.get_nonempty("AWS_PROFILE").value_or("default");
}

// What `awsx use --shell SHELL` prints for `session`, as awsx-core's run_use writes it.
std::string use_script_for(const cli::Invocation& invocation, const creds::Session& session,
                           const util::Environment& env) {
  auto options = invocation.credentials;
  options.no_prompt = options.no_prompt || invocation.no_prompt;
  return cli::use_script(invocation.shell, session, cli::renewal_arguments(options, session),
                         env);
}

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
    std::fprintf(stderr, "awsx: error: cannot write the credentials to standard output: %s\n",
                 std::strerror(errno));
    std::exit(1);
  }
  std::exit(0);
}

} // namespace

bool sessions_in_keyctl(const util::Environment& env) {
  if (const auto backend = store::requested_backend(env))
    return *backend == store::Backend::keyctl;
  return !store::keyctl_unavailable();
}

std::optional<creds::Session> cached_session(const creds::CredentialOptions& options,
                                             const config::ConfigFiles& files,
                                             const util::Environment& env,
                                             const util::Clock& clock) {
  if (options.no_cache)
    return std::nullopt;
  // A profile with no stored keys at all finds no session, and awsx-core reports that.
  creds::PresumedStoredKeys stored;
  const auto plan = creds::make_plan(files, env, options, &stored);
  const auto name = store::cached_session_name(plan, files, env);
  if (!name)
    return std::nullopt;
  store::KeyctlKeyring keyring(store::scope(store::Purpose::sessions));
  const auto text = keyring.get(*name);
  if (!text)
    return std::nullopt;
  auto session = store::decode_session(*text); // awsx-core discards a bad one, with a warning
  if (!session || !store::still_fresh(*session, clock.now(), store::refresh_margin(env)))
    return std::nullopt;
  return session;
}

void serve_if_cached(const std::vector<std::string>& args) {
  try {
    const auto invocation = cli::parse_command_line(args);
    const bool exec = invocation.command == "exec" && !invocation.ecs_server;
    const bool export_ = invocation.command == "export";
    const bool use = servable_use(invocation);
    if ((!exec && !export_ && !use) || invocation.help || invocation.version)
      return;
    const auto format = invocation.format.empty() ? std::string("env") : invocation.format;
    if (export_)
      output::check_format(format);
    const util::ProcessEnvironment env;
    if (!sessions_in_keyctl(env))
      return;
    // Only the sections the profile reaches are kept (every line is still checked), and
    // they stay alive when the process is replaced: building and tearing down all of a
    // 10,000-profile config would cost more than everything else here.
    const auto files =
        config::load_for_profile(env, first_profile(invocation.credentials, env));
    const util::SystemClock clock;
    const auto session = cached_session(invocation.credentials, files, env, clock);
    if (!session)
      return;
    if (exec) {
      const auto command =
          invocation.child.empty() ? exec::default_command() : invocation.child;
      exec::replace_process(command,
                            exec::child_environment(exec::current_environment(), *session));
    }
    // Rendered in full before anything is written, so a failure leaves no partial output
    // for awsx-core to repeat.
    if (use)
      print_and_exit(use_script_for(invocation, *session, env));
    print_and_exit(output::render(*session, format));
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
