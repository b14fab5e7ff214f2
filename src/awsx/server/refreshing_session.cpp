#include "awsx/server/refreshing_session.hpp"

#include <algorithm>

#include "awsx/server/credential_server.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/time.hpp"

namespace awsx::server {

RefreshingSession::RefreshingSession(creds::Session initial,
                                     std::function<creds::Session()> refresh,
                                     const util::Clock& clock, RenewalTiming timing,
                                     std::function<void(const std::string&)> warn)
    : session_(std::make_shared<const creds::Session>(std::move(initial))),
      refresh_(std::move(refresh)), clock_(clock), timing_(timing), warn_(std::move(warn)) {
  thread_ = std::thread([this] { run(); });
}

RefreshingSession::~RefreshingSession() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

bool RefreshingSession::stop(std::chrono::milliseconds grace) {
  std::unique_lock<std::mutex> lock(mutex_);
  stopping_ = true;
  wake_.notify_all();
  if (!ended_.wait_for(lock, grace, [this] { return ended_flag_; }))
    return false;
  lock.unlock();
  if (thread_.joinable())
    thread_.join();
  return true;
}

std::shared_ptr<const creds::Session> RefreshingSession::current() const {
  std::unique_lock<std::mutex> lock(mutex_);
  // Only the pointer is copied, under the lock: every loop thread calls this per request.
  std::shared_ptr<const creds::Session> session = session_;
  const auto& expiration = session->credentials.expiration;
  if (!expiration || *expiration > clock_.now())
    return session;
  const std::string when = util::format_iso8601_z(*expiration);
  if (failures_ > 0 && !renewing_)
    throw Error("the session expired at " + when + " and could not be renewed: " + last_error_);
  throw SessionPending("the session expired at " + when + "; awsx is renewing it");
}

std::optional<util::TimePoint> RefreshingSession::due() const {
  const auto& expiration = session_->credentials.expiration;
  if (!expiration)
    return std::nullopt; // long-term keys never need renewing
  return std::max(*expiration - timing_.margin, not_before_);
}

std::string RefreshingSession::failure_note(const std::string& error) const {
  const auto& expiration = session_->credentials.expiration;
  if (expiration && *expiration > clock_.now())
    return "could not renew the session yet; serving the current one until it expires at " +
           util::format_iso8601_z(*expiration) + ", and retrying: " + error;
  return "the session has expired and could not be renewed; the endpoint answers 500 "
         "until a retry succeeds: " +
         error;
}

void RefreshingSession::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    const auto now = clock_.now();
    const auto& expiration = session_->credentials.expiration;
    if (failures_ > 0 && !warned_expired_ && expiration && *expiration <= now) {
      warned_expired_ = true;
      const std::string note = failure_note(last_error_);
      lock.unlock();
      if (warn_)
        warn_(note);
      lock.lock();
      continue;
    }
    const auto when = due();
    if (!when || now < *when) {
      auto wait = timing_.poll;
      if (when)
        wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(*when - now));
      wake_.wait_for(lock, wait);
      continue;
    }
    renewing_ = true;
    lock.unlock();
    // The lock is not held here: requests keep getting the current session while this
    // waits on the session lock (AWSX_LOCK_TIMEOUT) or the network.
    std::optional<creds::Session> fresh;
    std::string error;
    try {
      fresh = refresh_();
    } catch (const std::exception& e) {
      error = e.what();
    }
    lock.lock();
    renewing_ = false;
    const auto after = clock_.now();
    if (fresh) {
      session_ = std::make_shared<const creds::Session>(std::move(*fresh));
      failures_ = 0;
      warned_expired_ = false;
      not_before_ = after + timing_.first_retry;
      continue;
    }
    ++failures_;
    last_error_ = error;
    const auto doubling = timing_.first_retry * (1 << std::min(failures_ - 1, 10));
    not_before_ = after + std::min<std::chrono::seconds>(doubling, timing_.max_retry);
    if (failures_ == 1) {
      const std::string note = failure_note(error);
      warned_expired_ =
          session_->credentials.expiration && *session_->credentials.expiration <= after;
      lock.unlock();
      if (warn_)
        warn_(note);
      lock.lock();
    }
  }
  ended_flag_ = true;
  ended_.notify_all();
}

} // namespace awsx::server
