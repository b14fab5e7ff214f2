#include "awsx/util/environment.hpp"

#include <array>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "awsx/util/error.hpp"
#include "awsx/util/time.hpp"

extern char** environ;

namespace awsx::util {

namespace {

constexpr std::array<std::string_view, 1> private_names = {"AWSX_FILE_PASSPHRASE"};

// The private variables after take_private_variables(), by their index in private_names.
struct TakenVariables {
  bool taken = false;
  std::array<std::optional<std::string>, private_names.size()> values;
};

TakenVariables& taken_variables() {
  static TakenVariables variables;
  return variables;
}

} // namespace

bool is_private_variable(std::string_view name) {
  for (const auto candidate : private_names)
    if (name == candidate)
      return true;
  return false;
}

void take_private_variables() noexcept {
  auto& taken = taken_variables();
  for (std::size_t i = 0; i < private_names.size(); ++i) {
    const std::string name(private_names[i]);
    if (char* value = std::getenv(name.c_str())) {
      taken.values[i] = std::string(value);
      ::explicit_bzero(value, std::strlen(value));
      ::unsetenv(name.c_str());
    }
  }
  taken.taken = true;
}

std::vector<std::string> inheritable_environment() {
  std::vector<std::string> env;
  for (char** p = environ; p != nullptr && *p != nullptr; ++p) {
    const std::string_view entry(*p);
    if (!is_private_variable(variable_name(entry)))
      env.emplace_back(entry);
  }
  return env;
}

std::chrono::seconds duration_setting(const Environment& env, const char* name,
                                      std::chrono::seconds fallback) {
  const auto text = env.get_nonempty(name);
  if (!text)
    return fallback;
  const auto value = parse_duration(*text);
  if (!value)
    throw UsageError(std::string(name) + "=" + *text +
                     " is not a duration; use e.g. 10m or 600");
  return *value;
}

std::optional<std::string> ProcessEnvironment::get(const std::string& name) const {
  if (const auto& taken = taken_variables(); taken.taken) {
    for (std::size_t i = 0; i < private_names.size(); ++i)
      if (name == private_names[i])
        return taken.values[i];
  }
  const char* value = std::getenv(name.c_str());
  if (value == nullptr)
    return std::nullopt;
  return std::string(value);
}

OverlayEnvironment::OverlayEnvironment(
    const Environment& base, std::vector<std::pair<std::string, std::string>> settings)
    : base_(base) {
  for (auto& [name, value] : settings)
    settings_[name] = std::move(value);
}

std::optional<std::string> OverlayEnvironment::get(const std::string& name) const {
  if (auto it = settings_.find(name); it != settings_.end())
    return it->second;
  return base_.get(name);
}

std::vector<std::string> OverlayEnvironment::entries() const {
  std::vector<std::string> out;
  std::map<std::string, bool> placed;
  for (auto& entry : base_.entries()) {
    const std::string name(variable_name(entry));
    if (auto it = settings_.find(name); it != settings_.end()) {
      if (placed[name])
        continue; // a name the base holds twice gets the setting once
      placed[name] = true;
      entry = name + "=" + it->second;
    }
    out.push_back(std::move(entry));
  }
  for (const auto& [name, value] : settings_)
    if (!placed[name] && !is_private_variable(name))
      out.push_back(name + "=" + value);
  return out;
}

} // namespace awsx::util
