#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "awsx/util/clock.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::store {

// A place to keep secrets by name: long-term keys ("credentials/<profile>",
// keyring_keys.hpp) and cached sessions ("session/<profile>/<digest>", "-" as the profile
// of the ambient credentials, session_cache.hpp). Values are opaque strings (awsx stores
// JSON). Every failure is a StorageError that names the backend and says what to do.
class Keyring {
public:
  virtual ~Keyring() = default;

  // The backend's name as AWSX_BACKEND spells it: "secret-service", "keyctl" or "file".
  virtual std::string backend() const = 0;

  // The secret stored under `name`, or nullopt when there is none.
  virtual std::optional<std::string> get(const std::string& name) = 0;

  // Stores `secret` under `name`, replacing any previous one atomically; a backend that can
  // forget by itself (keyctl) drops it at `expires`, the others keep it until replaced.
  virtual void set(const std::string& name, const std::string& secret,
                   std::optional<util::TimePoint> expires = std::nullopt) = 0;

  // Deletes the secret under `name`; returns false when there was none.
  virtual bool remove(const std::string& name) = 0;

  // The names of every stored secret that starts with `prefix`, sorted.
  virtual std::vector<std::string> list(const std::string& prefix) = 0;
};

// Which of awsx's two stores a keyring serves; the file backend keeps them in
// different folders ($XDG_DATA_HOME/awsx for keys, $XDG_CACHE_HOME/awsx for sessions).
enum class Purpose { credentials, sessions };

// The keyring named by AWSX_BACKEND in `env`, else the first that works of: for
// sessions, keyctl, secret-service (when a D-Bus session bus is reachable), file; for
// long-term keys, secret-service, keyctl, file.
std::unique_ptr<Keyring> open_keyring(const util::Environment& env, Purpose purpose);

} // namespace awsx::store
