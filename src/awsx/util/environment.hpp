#pragma once

#include <chrono>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>

namespace awsx::util {

// Read access to process environment variables, behind an interface so tests can fake it.
class Environment {
public:
  virtual ~Environment() = default;

  // The value of variable `name`, or nullopt when it is unset.
  virtual std::optional<std::string> get(const std::string& name) const = 0;

  // The value of `name` when it is set and non-empty, else nullopt.
  std::optional<std::string> get_nonempty(const std::string& name) const {
    auto value = get(name);
    if (value && value->empty())
      return std::nullopt;
    return value;
  }
};

// The duration in variable `name` of `env` (e.g. "10m" or "600"), or `fallback` when it is
// unset or empty; throws UsageError naming the variable when it is not a duration.
std::chrono::seconds duration_setting(const Environment& env, const char* name,
                                      std::chrono::seconds fallback);

// The real process environment.
class ProcessEnvironment final : public Environment {
public:
  std::optional<std::string> get(const std::string& name) const override;
};

// An in-memory environment for tests, filled from `vars`.
class MapEnvironment final : public Environment {
public:
  MapEnvironment() = default;
  // An environment holding exactly `vars`.
  MapEnvironment(std::initializer_list<std::pair<const std::string, std::string>> vars)
      : vars_(vars) {}

  std::optional<std::string> get(const std::string& name) const override {
    auto it = vars_.find(name);
    if (it == vars_.end())
      return std::nullopt;
    return it->second;
  }

  // Sets `name` to `value`.
  void set(const std::string& name, const std::string& value) { vars_[name] = value; }

private:
  std::map<std::string, std::string> vars_;
};

} // namespace awsx::util
