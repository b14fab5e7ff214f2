#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <string>

#include "awsx/creds/session.hpp"
#include "awsx/util/clock.hpp"

namespace awsx::server {

// The session an --ecs-server hands out, renewed when it comes within `margin` of
// expiry, so a command can outlive any one session. Safe to call from server threads.
class RefreshingSession {
public:
  // Serves `initial`, renewing through `refresh` (which must not prompt) by `clock`;
  // `warn` hears about a failed renewal while the old session is still good.
  RefreshingSession(creds::Session initial, std::function<creds::Session()> refresh,
                    const util::Clock& clock, std::chrono::seconds margin,
                    std::function<void(const std::string&)> warn);

  // The session to serve now; throws the renewal's error once the old one has expired.
  creds::Session current();

private:
  std::mutex mutex_;
  creds::Session session_;
  std::function<creds::Session()> refresh_;
  const util::Clock& clock_;
  std::chrono::seconds margin_;
  std::function<void(const std::string&)> warn_;
};

} // namespace awsx::server
