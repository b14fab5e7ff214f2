#include "awsx/store/keyring.hpp"

#include "awsx/store/file_keyring.hpp"
#include "awsx/store/file_location.hpp"
#include "awsx/store/keyctl_keyring.hpp"
#include "awsx/store/passphrase.hpp"
#include "awsx/store/secret_service_keyring.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::store {
namespace {

// keyctl descriptions and Secret Service attributes name the store, so the two
// purposes never see each other's entries.
const char* scope(Purpose purpose) {
  return purpose == Purpose::credentials ? "credentials" : "sessions";
}

std::unique_ptr<Keyring> open_file(const util::Environment& env, Purpose purpose) {
  return std::make_unique<FileKeyring>(file_keyring_dir(env, purpose),
                                       make_passphrase_source(env));
}

} // namespace

std::unique_ptr<Keyring> open_keyring(const util::Environment& env, Purpose purpose) {
  if (auto backend = env.get_nonempty("AWSX_BACKEND")) {
    if (*backend == "secret-service")
      return std::make_unique<SecretServiceKeyring>(env, scope(purpose));
    if (*backend == "keyctl")
      return std::make_unique<KeyctlKeyring>(scope(purpose));
    if (*backend == "file")
      return open_file(env, purpose);
    throw StorageError("unknown keyring backend AWSX_BACKEND=\"" + *backend + "\"",
                       "set AWSX_BACKEND to secret-service, keyctl or file, or unset it to use "
                       "the first that works");
  }
  // Auto-detection runs on every `awsx exec`: without DBUS_SESSION_BUS_ADDRESS it does
  // not touch D-Bus at all, and keyctl costs one system call to probe.
  if (env.get_nonempty("DBUS_SESSION_BUS_ADDRESS") && secret_service_running())
    return std::make_unique<SecretServiceKeyring>(env, scope(purpose));
  if (!keyctl_unavailable())
    return std::make_unique<KeyctlKeyring>(scope(purpose));
  return open_file(env, purpose);
}

} // namespace awsx::store
