#include "awsx/store/keyring.hpp"

#include "awsx/store/backend_choice.hpp"
#include "awsx/store/file_keyring.hpp"
#include "awsx/store/file_location.hpp"
#include "awsx/store/keyctl_keyring.hpp"
#include "awsx/store/passphrase.hpp"
#include "awsx/store/secret_service_keyring.hpp"
#include "awsx/util/environment.hpp"

namespace awsx::store {

namespace {

std::unique_ptr<Keyring> open(Backend backend, const util::Environment& env, Purpose purpose) {
  switch (backend) {
  case Backend::secret_service:
    return std::make_unique<SecretServiceKeyring>(env, scope(purpose));
  case Backend::keyctl: return std::make_unique<KeyctlKeyring>(scope(purpose));
  case Backend::file: break;
  }
  return std::make_unique<FileKeyring>(file_keyring_dir(env, purpose),
                                       make_passphrase_source(env));
}

bool secret_service_reachable(const util::Environment& env) {
  // Without DBUS_SESSION_BUS_ADDRESS, D-Bus is not touched at all.
  return env.get_nonempty("DBUS_SESSION_BUS_ADDRESS") && secret_service_running();
}

} // namespace

std::unique_ptr<Keyring> open_keyring(const util::Environment& env, Purpose purpose) {
  if (purpose == Purpose::sessions) {
    if (auto backend = sessions_backend_without_dbus(env))
      return open(*backend, env, purpose);
    if (secret_service_reachable(env))
      return open(Backend::secret_service, env, purpose);
    return open(Backend::file, env, purpose);
  }
  // Long-term keys must outlive a reboot, so they prefer the Secret Service.
  if (auto backend = requested_backend(env))
    return open(*backend, env, purpose);
  if (secret_service_reachable(env))
    return open(Backend::secret_service, env, purpose);
  if (!keyctl_unavailable())
    return open(Backend::keyctl, env, purpose);
  return open(Backend::file, env, purpose);
}

} // namespace awsx::store
