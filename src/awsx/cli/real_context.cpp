#include "awsx/cli/real_context.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>

#include "awsx/aws/poco_transport.hpp"
#include "awsx/exec/replace_process.hpp"
#include "awsx/process/helper.hpp"
#include "awsx/process/launcher.hpp"
#include "awsx/server/supervised_child.hpp"
#include "awsx/util/error.hpp"

namespace awsx::cli {

class RealServices::Keyrings final : public KeyringOpener {
public:
  explicit Keyrings(const util::Environment& env) : env_(env) {}
  std::unique_ptr<store::Keyring> open(store::Purpose purpose) override {
    return store::open_keyring(env_, purpose);
  }

private:
  const util::Environment& env_;
};

class RealServices::Transports final : public TransportFactory {
public:
  std::unique_ptr<aws::HttpTransport> make(const util::Environment& env,
                                           const config::Section* section) override {
    return std::make_unique<aws::PocoTransport>(aws::transport_options_from(env, section),
                                                aws::proxy_settings_from(env));
  }
};

class RealServices::Mfa final : public MfaFactory {
public:
  std::unique_ptr<creds::MfaSource> make(const std::string& token, bool may_prompt,
                                         const process::Supervision& how) override {
    return std::make_unique<creds::MfaPrompter>(token, may_prompt, how);
  }
};

class RealServices::Processes final : public Spawner {
public:
  int replace(const std::vector<std::string>& argv,
              const std::vector<std::string>& env) override {
    exec::replace_process(argv, env);
  }

  int run_supervised(const std::vector<std::string>& argv,
                     const std::vector<std::string>& env) override {
    return server::run_supervised(argv, env);
  }

  std::optional<int> continue_without_terminal() override {
    const pid_t pid = ::fork();
    if (pid < 0)
      throw Error(std::string("cannot start a process to renew the session: ") +
                  std::strerror(errno));
    if (pid == 0) {
#ifdef __linux__
      ::prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
      ::setsid();
      const int null = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
      if (null >= 0)
        ::dup2(null, STDIN_FILENO);
      return std::nullopt;
    }
    const int status = process::reap(pid, "the process renewing the session");
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

  void stop_running_helpers() override {
    process::stop_running_helpers();
  }

  std::optional<int> start_detached(const std::vector<std::string>& argv,
                                    const std::vector<std::string>& env,
                                    std::chrono::milliseconds grace) override {
    const int null = ::open("/dev/null", O_RDWR | O_CLOEXEC);
    pid_t pid = -1;
    try {
      pid = process::launch({argv, env, false, true, null, null});
    } catch (const process::LaunchError&) {
      if (null >= 0)
        ::close(null);
      return std::nullopt;
    }
    if (null >= 0)
      ::close(null);
    // A browser that is already running hands the URL over and ends at once; one that
    // starts now keeps running, and awsx leaves it be (init reaps it after awsx ends).
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      const pid_t done = ::waitpid(pid, &status, WNOHANG);
      if (done == pid)
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      if (done < 0 && errno != EINTR)
        return 0;
      ::usleep(20000);
    }
    return 0;
  }
};

RealServices::RealServices()
    : keyrings_(std::make_unique<Keyrings>(env_)), transports_(std::make_unique<Transports>()),
      mfa_(std::make_unique<Mfa>()), spawner_(std::make_unique<Processes>()) {}

RealServices::~RealServices() = default;

Context RealServices::context(Console& console) {
  return Context{{env_, clock_, *keyrings_, *transports_, *mfa_, warnings_to(console)},
                 *spawner_,
                 console};
}

} // namespace awsx::cli
