#include "awsx/util/user.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace awsx::util {

RealUser real_user() {
  RealUser user;
  user.uid = ::getuid();
  // NSS may need more room than sysconf suggests (long LDAP entries): grow on ERANGE, to a
  // bound, rather than fail.
  const long hint = ::sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buffer(hint > 0 ? static_cast<std::size_t>(hint) : 1024);
  for (;;) {
    passwd entry{};
    passwd* found = nullptr;
    const int rc = ::getpwuid_r(user.uid, &entry, buffer.data(), buffer.size(), &found);
    if (rc == ERANGE && buffer.size() < (1U << 20)) {
      buffer.resize(buffer.size() * 2);
      continue;
    }
    if (rc == EINTR)
      continue;
    if (rc == 0 && found != nullptr && entry.pw_name != nullptr && *entry.pw_name != '\0')
      user.name = entry.pw_name;
    return user;
  }
}

} // namespace awsx::util
