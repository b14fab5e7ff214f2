#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <thread>

#include "awsx/server/credential_server.hpp"
#include "awsx/server/refreshing_session.hpp"
#include "awsx/util/error.hpp"

using namespace awsx;
using namespace std::chrono_literals;

namespace {

const util::TimePoint t0 = std::chrono::system_clock::from_time_t(1767323045);

creds::Session session(const std::string& key, util::TimePoint expires) {
  return {{key, "secret/" + key, "token-" + key, expires}, "eu-west-1", "prod"};
}

// A clock the test moves, read by the renewal thread.
class StepClock final : public util::Clock {
public:
  util::TimePoint now() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return time_;
  }
  void set(util::TimePoint time) {
    std::lock_guard<std::mutex> lock(mutex_);
    time_ = time;
  }

private:
  mutable std::mutex mutex_;
  util::TimePoint time_ = t0;
};

// Renewal timing for tests: the thread looks at the fake clock every 2 ms.
server::RenewalTiming fast(std::chrono::seconds margin) {
  return {margin, 2ms, 10s, 60s};
}

// Waits (really) until `done` holds, for at most 5 s.
template <typename Done> bool eventually(Done done) {
  const auto end = std::chrono::steady_clock::now() + 5s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end)
      return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

std::string key_now(const server::RefreshingSession& current) {
  return current.current()->credentials.access_key_id;
}

// key_now(), or what current() threw.
std::string key_or_error(const server::RefreshingSession& current) {
  try {
    return key_now(current);
  } catch (const std::exception& e) {
    return e.what();
  }
}

// A refresh that blocks until released, as one waiting on the session lock or STS does.
struct BlockingRefresh {
  std::atomic<int> calls{0};
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  creds::Session operator()(util::TimePoint expires) {
    ++calls;
    released.wait();
    return session("ASIANEW", expires);
  }
};

} // namespace

TEST(ServerRefreshingSession, renews_in_the_background_within_the_margin) {
  StepClock clock;
  std::atomic<int> calls{0};
  server::RefreshingSession current(
      session("ASIAOLD", t0 + 600s),
      [&] {
        ++calls;
        return session("ASIANEW", t0 + 3600s);
      },
      clock, fast(300s), nullptr);
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(calls, 0) << "not due yet";
  EXPECT_EQ(key_now(current), "ASIAOLD");
  clock.set(t0 + 301s);
  EXPECT_TRUE(eventually([&] { return key_now(current) == "ASIANEW"; }));
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(calls, 1) << "the new session is not due before t0+3300s";
}

TEST(ServerRefreshingSession, a_blocked_renewal_never_blocks_current) {
  StepClock clock;
  BlockingRefresh refresh;
  server::RefreshingSession current(
      session("ASIAOLD", t0 + 600s), [&] { return refresh(t0 + 3600s); }, clock, fast(300s),
      nullptr);
  clock.set(t0 + 301s);
  ASSERT_TRUE(eventually([&] { return refresh.calls == 1; }));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(key_now(current), "ASIAOLD") << "still valid: served while the renewal waits";
  EXPECT_LT(std::chrono::steady_clock::now() - start, 100ms);
  clock.set(t0 + 600s); // expired, renewal still waiting: a retryable answer, at once
  EXPECT_THROW(current.current(), server::SessionPending);
  refresh.release.set_value();
  EXPECT_TRUE(eventually([&] { return key_or_error(current) == "ASIANEW"; }));
}

TEST(ServerRefreshingSession, a_failed_renewal_serves_the_old_session_until_it_expires) {
  StepClock clock;
  std::atomic<int> calls{0};
  std::atomic<bool> fail{true};
  std::mutex warnings_mutex;
  std::vector<std::string> warnings;
  server::RefreshingSession current(
      session("ASIAOLD", t0 + 600s),
      [&] {
        ++calls;
        if (fail)
          throw CredentialError("MFA needed for arn:aws:iam::1:mfa/a");
        return session("ASIANEW", t0 + 7200s);
      },
      clock, fast(300s),
      [&](const std::string& w) {
        std::lock_guard<std::mutex> lock(warnings_mutex);
        warnings.push_back(w);
      });
  clock.set(t0 + 301s);
  ASSERT_TRUE(eventually([&] { return calls == 1; }));
  EXPECT_EQ(key_now(current), "ASIAOLD");
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(calls, 1) << "the next attempt waits first_retry (10 s) on the clock";
  clock.set(t0 + 601s); // expired, and the renewal failed: an error with its reason
  ASSERT_TRUE(eventually([&] {
    try {
      current.current();
    } catch (const server::SessionPending&) {
      return false;
    } catch (const Error& e) {
      return std::string(e.what()).find("MFA needed") != std::string::npos;
    }
    return false;
  }));
  ASSERT_TRUE(eventually([&] { return calls >= 2; })) << "retried after first_retry";
  {
    std::lock_guard<std::mutex> lock(warnings_mutex);
    ASSERT_EQ(warnings.size(), 2u) << "once for the failure, once for the expiry";
    EXPECT_NE(warnings[0].find("serving the current one"), std::string::npos) << warnings[0];
    EXPECT_NE(warnings[1].find("has expired"), std::string::npos) << warnings[1];
  }
  fail = false;
  clock.set(t0 + 700s); // past the doubled retry pause
  EXPECT_TRUE(eventually([&] { return key_or_error(current) == "ASIANEW"; }));
}

TEST(ServerRefreshingSession, stop_does_not_wait_for_a_hung_renewal) {
  StepClock clock;
  BlockingRefresh refresh;
  auto current = std::make_unique<server::RefreshingSession>(
      session("ASIAOLD", t0 + 600s), [&] { return refresh(t0 + 3600s); }, clock, fast(300s),
      nullptr);
  clock.set(t0 + 301s);
  ASSERT_TRUE(eventually([&] { return refresh.calls == 1; }));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(current->stop(50ms));
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
  refresh.release.set_value();
  current.reset(); // joins the thread once the renewal returns
  EXPECT_EQ(refresh.calls, 1);
}

TEST(ServerRefreshingSession, long_term_keys_are_never_renewed) {
  StepClock clock;
  std::atomic<int> calls{0};
  server::RefreshingSession current(
      creds::Session{{"AKIA", "secret", "", std::nullopt}, "", ""},
      [&] {
        ++calls;
        return session("ASIANEW", t0);
      },
      clock, fast(300s), nullptr);
  clock.set(t0 + 100000s);
  std::this_thread::sleep_for(30ms);
  EXPECT_EQ(key_now(current), "AKIA");
  EXPECT_EQ(calls, 0);
  EXPECT_TRUE(current.stop(1s));
}
