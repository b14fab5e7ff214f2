#pragma once

#include <optional>
#include <string>

namespace awsx::util {

// The user this process runs for, as the password database knows it.
struct RealUser {
  unsigned uid = 0;
  // The login name, or nullopt when the uid has no entry (a container's arbitrary uid).
  std::optional<std::string> name;
};

// The real uid of this process and its name from the password database (getpwuid_r),
// never from $USER or $LOGNAME, which each shell, sudo, cron and container sets its own way.
RealUser real_user();

} // namespace awsx::util
