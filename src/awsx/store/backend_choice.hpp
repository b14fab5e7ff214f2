#pragma once

#include <optional>

#include "awsx/store/keyring.hpp"

namespace awsx::store {

// The keyring backends, as AWSX_BACKEND names them.
enum class Backend { secret_service, keyctl, file };

// The backend AWSX_BACKEND names in `env`, or nullopt when it is unset or empty; throws
// StorageError for a name it does not know.
std::optional<Backend> requested_backend(const util::Environment& env);

// The backend that holds sessions, when `env` and the kernel decide it without asking
// D-Bus: the one AWSX_BACKEND names, else keyctl when the kernel keyring works. nullopt
// when it depends on whether a Secret Service is running (open_keyring probes that).
// Sessions live at most 12 hours, so the kernel keyring (memory only, one system call to
// probe) suits them best, and the front-end reads them without loading libsecret.
std::optional<Backend> sessions_backend_without_dbus(const util::Environment& env);

// Names what a keyring holds in keyctl descriptions and Secret Service attributes, so the
// two purposes never see each other's entries: "credentials" or "sessions".
const char* scope(Purpose purpose);

} // namespace awsx::store
