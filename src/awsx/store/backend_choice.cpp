#include "awsx/store/backend_choice.hpp"

#include "awsx/store/keyctl_keyring.hpp"

#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::store {

std::optional<Backend> requested_backend(const util::Environment& env) {
  const auto backend = env.get_nonempty("AWSX_BACKEND");
  if (!backend)
    return std::nullopt;
  if (*backend == "secret-service")
    return Backend::secret_service;
  if (*backend == "keyctl")
    return Backend::keyctl;
  if (*backend == "file")
    return Backend::file;
  throw StorageError("unknown keyring backend AWSX_BACKEND=\"" + *backend + "\"",
                     "set AWSX_BACKEND to secret-service, keyctl or file, or unset it to use "
                     "the first that works");
}

std::optional<Backend> sessions_backend_without_dbus(const util::Environment& env) {
  if (auto backend = requested_backend(env))
    return backend;
  if (!keyctl_unavailable())
    return Backend::keyctl;
  return std::nullopt;
}

const char* scope(Purpose purpose) {
  return purpose == Purpose::credentials ? "credentials" : "sessions";
}

} // namespace awsx::store
