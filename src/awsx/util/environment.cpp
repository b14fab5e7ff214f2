#include "awsx/util/environment.hpp"

#include <cstdlib>

#include "awsx/util/error.hpp"
#include "awsx/util/time.hpp"

namespace awsx::util {

std::chrono::seconds duration_setting(const Environment& env, const char* name,
                                      std::chrono::seconds fallback) {
  const auto text = env.get_nonempty(name);
  if (!text)
    return fallback;
  const auto value = parse_duration(*text);
  if (!value)
    throw UsageError(std::string(name) + "=" + *text + " is not a duration; use e.g. 10m or 600");
  return *value;
}

std::optional<std::string> ProcessEnvironment::get(const std::string& name) const {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr)
    return std::nullopt;
  return std::string(value);
}

} // namespace awsx::util
