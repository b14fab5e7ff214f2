#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "awsx/creds/session.hpp"
#include "awsx/util/clock.hpp"

namespace awsx::server {

// When RefreshingSession renews, and how it retries.
struct RenewalTiming {
  std::chrono::seconds margin;          // renew this long before the session expires
  std::chrono::milliseconds poll{1000}; // how often the clock is read (it may jump)
  std::chrono::seconds first_retry{5};  // after a failure, doubling; also the pause
  std::chrono::seconds max_retry{60};   // between two renewals that succeed
};

// The session an --ecs-server hands out, renewed by a thread of its own `margin` before
// it expires, so that a command can outlive any one session. current() never waits for
// a renewal: while one waits on the session lock or the network, the current session
// is still served, until it has really expired.
class RefreshingSession {
public:
  // Serves `initial` and starts the renewal thread, which calls `refresh` (it must not
  // prompt) as `timing` says by `clock`; `warn` hears about failed renewals, once per run
  // of failures and once when the session expires unrenewed.
  RefreshingSession(creds::Session initial, std::function<creds::Session()> refresh,
                    const util::Clock& clock, RenewalTiming timing,
                    std::function<void(const std::string&)> warn);

  // Stops the thread, waiting for a renewal in flight to end.
  ~RefreshingSession();

  RefreshingSession(const RefreshingSession&) = delete;
  RefreshingSession& operator=(const RefreshingSession&) = delete;

  // The session to serve now. Throws SessionPending when it has expired and a renewal
  // is due or running, and awsx::Error with the renewal's error when that failed.
  std::shared_ptr<const creds::Session> current() const;

  // Stops renewing; true once the thread has ended, false when a renewal still runs
  // after `grace` (the thread then ends when it returns, or the process exits first).
  bool stop(std::chrono::milliseconds grace);

private:
  void run();
  std::optional<util::TimePoint> due() const; // with mutex_ held
  std::string failure_note(const std::string& error) const;

  mutable std::mutex mutex_;
  std::condition_variable wake_;                  // stop was asked
  std::condition_variable ended_;                 // the thread returned
  std::shared_ptr<const creds::Session> session_; // replaced whole, never changed
  std::function<creds::Session()> refresh_;
  const util::Clock& clock_;
  RenewalTiming timing_;
  std::function<void(const std::string&)> warn_;
  util::TimePoint not_before_ = util::TimePoint::min(); // the pause after an attempt
  int failures_ = 0;                                    // in a row
  std::string last_error_;                              // of the last failed attempt
  bool renewing_ = false;
  bool warned_expired_ = false;
  bool stopping_ = false;
  bool ended_flag_ = false;
  std::thread thread_; // last: it starts once everything above is set
};

} // namespace awsx::server
