#include "awsx/util/environment.hpp"

#include <cstdlib>

namespace awsx::util {

std::optional<std::string> ProcessEnvironment::get(const std::string& name) const {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr)
    return std::nullopt;
  return std::string(value);
}

} // namespace awsx::util
