#pragma once

#include <optional>
#include <string>

#include "awsx/store/keyring.hpp"

namespace awsx::util {
class Environment;
}

namespace awsx::store {

// Secrets in the desktop's Secret Service (GNOME Keyring, KWallet) through libsecret,
// as items of schema "io.awsx.Secret" with attributes awsx-purpose and awsx-name in
// the default collection. Listing reads attributes only, so it unlocks nothing. Items
// have no expiry: an expired session stays until it is replaced or cleared.
class SecretServiceKeyring final : public Keyring {
public:
  // A keyring whose items carry awsx-purpose=`purpose`; throws StorageError at once,
  // without touching D-Bus, when `env` shows no session bus to talk to.
  SecretServiceKeyring(const util::Environment& env, std::string purpose);

  std::string backend() const override { return "secret-service"; }
  std::optional<std::string> get(const std::string& name) override;
  void set(const std::string& name, const std::string& secret,
           std::optional<util::TimePoint> expires = std::nullopt) override;
  bool remove(const std::string& name) override;
  std::vector<std::string> list(const std::string& prefix) override;

private:
  std::string purpose_;
};

// Why `env` shows no session bus (neither DBUS_SESSION_BUS_ADDRESS nor
// $XDG_RUNTIME_DIR/bus), or nullopt when there may be one.
std::optional<std::string> session_bus_missing(const util::Environment& env);

// True when a Secret Service is running on the session bus right now; asks the bus with
// a short timeout and never starts a service, so auto-detection stays fast and quiet.
bool secret_service_running();

} // namespace awsx::store
