#pragma once

#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "awsx/cli/context.hpp"
#include "support/fakes.hpp"
#include "support/memory_keyring.hpp"

namespace awsx::test {

// Hands out in-memory keyrings, one set of entries per purpose, as the real opener hands
// out the same store to every call.
class MemoryKeyrings final : public cli::KeyringOpener {
public:
  std::unique_ptr<store::Keyring> open(store::Purpose purpose) override {
    ++opened;
    return std::make_unique<MemoryKeyring>(entries(purpose));
  }
  // The entries behind `purpose`'s keyring, to plant or inspect.
  std::shared_ptr<MemoryEntries> entries(store::Purpose purpose) {
    return purpose == store::Purpose::credentials ? credentials_ : sessions_;
  }
  int opened = 0;

private:
  std::shared_ptr<MemoryEntries> credentials_ = std::make_shared<MemoryEntries>();
  std::shared_ptr<MemoryEntries> sessions_ = std::make_shared<MemoryEntries>();
};

// Makes transports that all send through one FakeTransport, `fake`, and keeps the
// environment entries each was made with in `made_with`.
class FakeTransports final : public cli::TransportFactory {
public:
  std::unique_ptr<aws::HttpTransport> make(const util::Environment& env,
                                           const config::Section*) override {
    ++made;
    made_with.push_back(env.entries());
    return std::make_unique<Forward>(fake);
  }
  FakeTransport fake;
  int made = 0;
  std::vector<std::vector<std::string>> made_with;

private:
  class Forward final : public aws::HttpTransport {
  public:
    explicit Forward(FakeTransport& to) : to_(to) {}
    aws::HttpResponse send(const aws::HttpRequest& request) override {
      return to_.send(request);
    }

  private:
    FakeTransport& to_;
  };
};

// Makes MFA sources that never prompt: each answers `code` (none when empty).
class FakeMfas final : public cli::MfaFactory {
public:
  std::unique_ptr<creds::MfaSource> make(const std::string& token, bool,
                                         const process::Supervision&) override {
    return std::make_unique<FakeMfa>(token.empty() ? code : token);
  }
  std::string code;
};

// Records the processes awsx would start instead of starting them.
class FakeSpawner final : public cli::Spawner {
public:
  int replace(const std::vector<std::string>& argv,
              const std::vector<std::string>& env) override {
    replaced.push_back({argv, env});
    return 0;
  }
  int run_supervised(const std::vector<std::string>& argv,
                     const std::vector<std::string>& env) override {
    supervised.push_back({argv, env});
    return 0;
  }
  // Acts as the child: awsx goes on in this process.
  std::optional<int> continue_without_terminal() override {
    ++detached;
    return std::nullopt;
  }
  void stop_running_helpers() override {}
  // Records the command and answers from `detached_results` (keyed by argv[0]): an exit
  // status, or nullopt for a program that can't be started; 0 when it has no entry.
  std::optional<int> start_detached(const std::vector<std::string>& argv,
                                    const std::vector<std::string>& env,
                                    std::chrono::milliseconds) override {
    started.push_back({argv, env});
    const auto found = detached_results.find(argv.empty() ? "" : argv.front());
    return found == detached_results.end() ? std::optional<int>(0) : found->second;
  }

  struct Started {
    std::vector<std::string> argv, env;
  };
  std::vector<Started> replaced, supervised, started;
  std::map<std::string, std::optional<int>> detached_results;
  int detached = 0;
};

// Every service of a Context in memory: the environment is `env` alone (the process's is
// never read), time stands at `clock`, output goes to `out` and `err`, and waits are
// recorded in `slept` instead of slept.
struct TestContext {
  util::MapEnvironment env;
  util::FixedClock clock{
      util::TimePoint(std::chrono::sys_days{std::chrono::year{2026} / 11 / 22})};
  MemoryKeyrings keyrings;
  FakeTransports transports;
  FakeMfas mfa;
  FakeSpawner spawner;
  std::ostringstream out, err;
  cli::Console console{out, err};
  std::vector<std::chrono::milliseconds> slept; // waits asked for (the next MFA code)

  // The Context over these services.
  cli::Context context() {
    return {{env, clock, keyrings, transports, mfa, cli::warnings_to(console),
             [this](std::chrono::milliseconds d) { slept.push_back(d); }},
            spawner,
            console};
  }
};

} // namespace awsx::test
