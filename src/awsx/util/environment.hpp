#pragma once

#include <chrono>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

  // Every variable as "NAME=value" entries without the private variables: the base of
  // the environment awsx gives another program.
  virtual std::vector<std::string> entries() const = 0;
};

// The duration in variable `name` of `env` (e.g. "10m" or "600"), or `fallback` when it is
// unset or empty; throws UsageError naming the variable when it is not a duration.
std::chrono::seconds duration_setting(const Environment& env, const char* name,
                                      std::chrono::seconds fallback);

// The name part of an environment entry `entry` ("NAME=value"); all of it without '='.
inline std::string_view variable_name(std::string_view entry) {
  return entry.substr(0, entry.find('='));
}

// True when variable `name` holds one of awsx's own secrets (AWSX_FILE_PASSPHRASE, which
// opens the keyring of long-term keys): awsx reads it and never passes it to a program.
bool is_private_variable(std::string_view name);

// Moves the private variables out of this process's environment into memory and wipes
// their bytes where /proc/PID/environ shows them; ProcessEnvironment still answers for
// them. awsx-core calls it at start, before any thread: no child, library or later exec
// can see them then.
void take_private_variables() noexcept;

// This process's environment as "NAME=value" entries without the private variables: the
// base of every environment awsx builds for another program.
std::vector<std::string> inheritable_environment();

// The real process environment, plus the private variables taken out of it.
class ProcessEnvironment final : public Environment {
public:
  std::optional<std::string> get(const std::string& name) const override;

  // This process's environment as inheritable_environment() gives it.
  std::vector<std::string> entries() const override { return inheritable_environment(); }
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

  // The variables set, in name order, without the private variables.
  std::vector<std::string> entries() const override {
    std::vector<std::string> out;
    for (const auto& [name, value] : vars_)
      if (!is_private_variable(name))
        out.push_back(name + "=" + value);
    return out;
  }

  // Sets `name` to `value`.
  void set(const std::string& name, const std::string& value) { vars_[name] = value; }

private:
  std::map<std::string, std::string> vars_;
};

// `base` with some variables set to other values, for a part of a run that needs them
// (and passes them on to the programs it starts) without touching the process's
// environment: setenv is not thread-safe, and would leak into everything after.
class OverlayEnvironment final : public Environment {
public:
  // `base`, which must outlive this, with each of `settings` ("NAME", "value") set.
  OverlayEnvironment(const Environment& base,
                     std::vector<std::pair<std::string, std::string>> settings);

  std::optional<std::string> get(const std::string& name) const override;

  // The base's entries with the settings' values in place of theirs, and the settings
  // the base does not have at the end.
  std::vector<std::string> entries() const override;

private:
  const Environment& base_;
  std::map<std::string, std::string> settings_;
};

} // namespace awsx::util
