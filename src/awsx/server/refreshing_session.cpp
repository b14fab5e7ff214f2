#include "awsx/server/refreshing_session.hpp"

namespace awsx::server {

RefreshingSession::RefreshingSession(creds::Session initial,
                                     std::function<creds::Session()> refresh,
                                     const util::Clock& clock, std::chrono::seconds margin,
                                     std::function<void(const std::string&)> warn)
    : session_(std::move(initial)), refresh_(std::move(refresh)), clock_(clock),
      margin_(margin), warn_(std::move(warn)) {}

creds::Session RefreshingSession::current() {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto& expiration = session_.credentials.expiration;
  const auto now = clock_.now();
  if (!expiration || *expiration - margin_ > now)
    return session_;
  try {
    session_ = refresh_();
  } catch (const std::exception& e) {
    if (*expiration <= now)
      throw;
    if (warn_)
      warn_(std::string("could not renew the session yet; serving the current one: ") + e.what());
  }
  return session_;
}

} // namespace awsx::server
