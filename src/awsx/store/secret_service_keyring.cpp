#include "awsx/store/secret_service_keyring.hpp"

#include <algorithm>
#include <memory>

#include <libsecret/secret.h>
#include <sys/stat.h>

#include "awsx/store/names.hpp"
#include "awsx/util/environment.hpp"
#include "awsx/util/error.hpp"

namespace awsx::store {
namespace {

constexpr const char* purpose_attribute = "awsx-purpose";
constexpr const char* name_attribute = "awsx-name";
constexpr const char* fallback_hint =
    "unlock your login keyring (or start gnome-keyring-daemon), or set AWSX_BACKEND=keyctl or "
    "AWSX_BACKEND=file";

const SecretSchema* schema() {
  static const SecretSchema awsx_schema = {
      "io.awsx.Secret",
      SECRET_SCHEMA_NONE,
      {{purpose_attribute, SECRET_SCHEMA_ATTRIBUTE_STRING},
       {name_attribute, SECRET_SCHEMA_ATTRIBUTE_STRING},
       {nullptr, SECRET_SCHEMA_ATTRIBUTE_STRING}},
  };
  return &awsx_schema;
}

[[noreturn]] void fail(const std::string& what, GError* error) {
  std::string detail = error != nullptr ? error->message : "unknown error";
  if (error != nullptr)
    g_error_free(error);
  throw StorageError("the Secret Service (secret-service) could not " + what + ": " + detail,
                     fallback_hint);
}

struct TableDeleter {
  void operator()(GHashTable* table) const { g_hash_table_unref(table); }
};
using Table = std::unique_ptr<GHashTable, TableDeleter>;

// Attributes selecting our `purpose` and, when given, one `name`; the table borrows the
// strings, so they must outlive it.
Table attributes(const std::string& purpose, const std::string* name) {
  Table table(g_hash_table_new(g_str_hash, g_str_equal));
  g_hash_table_insert(table.get(), const_cast<char*>(purpose_attribute),
                      const_cast<char*>(purpose.c_str()));
  if (name != nullptr)
    g_hash_table_insert(table.get(), const_cast<char*>(name_attribute),
                        const_cast<char*>(name->c_str()));
  return table;
}

void check_utf8_name(const std::string& name) {
  check_name(name, "secret-service");
  // D-Bus strings must be UTF-8; libsecret would abort on anything else.
  if (g_utf8_validate(name.data(), static_cast<gssize>(name.size()), nullptr) == FALSE)
    throw StorageError("the secret-service keyring cannot store a secret under a name that "
                       "is not UTF-8",
                       "rename the profile using ASCII letters");
}

// True when an item for `query` exists, locked or not; reads attributes only.
bool item_exists(GHashTable* query) {
  GError* error = nullptr;
  GList* items =
      secret_password_searchv_sync(schema(), query, SECRET_SEARCH_NONE, nullptr, &error);
  if (error != nullptr)
    fail("search for secrets", error);
  const bool found = items != nullptr;
  g_list_free_full(items, g_object_unref);
  return found;
}

// libsecret answers "nothing" when the item is locked and unlocking failed (no display,
// prompt dismissed); awsx must not mistake that for a missing secret and store anew.
[[noreturn]] void locked(const std::string& name) {
  throw StorageError("the Secret Service holds the secret for \"" + name +
                         "\" but its collection is locked",
                     "unlock your login keyring (log in to the desktop session, or use "
                     "seahorse), then retry");
}

} // namespace

std::optional<std::string> session_bus_missing(const util::Environment& env) {
  if (env.get_nonempty("DBUS_SESSION_BUS_ADDRESS"))
    return std::nullopt;
  if (auto runtime = env.get_nonempty("XDG_RUNTIME_DIR")) {
    struct stat st {};
    if (::stat((*runtime + "/bus").c_str(), &st) == 0 && S_ISSOCK(st.st_mode))
      return std::nullopt;
  }
  return "there is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset and there is no "
         "$XDG_RUNTIME_DIR/bus)";
}

bool secret_service_running() {
  GError* error = nullptr;
  GDBusConnection* bus = g_bus_get_sync(G_BUS_TYPE_SESSION, nullptr, &error);
  if (bus == nullptr) {
    g_error_free(error);
    return false;
  }
  // awsx must not exit behind the caller's back if the bus goes away later.
  g_dbus_connection_set_exit_on_close(bus, FALSE);
  GVariant* reply = g_dbus_connection_call_sync(
      bus, "org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
      "NameHasOwner", g_variant_new("(s)", "org.freedesktop.secrets"), nullptr,
      G_DBUS_CALL_FLAGS_NO_AUTO_START, 500, nullptr, &error);
  g_object_unref(bus);
  if (reply == nullptr) {
    g_error_free(error);
    return false;
  }
  gboolean owned = FALSE;
  if (g_variant_check_format_string(reply, "(b)", FALSE) != FALSE)
    g_variant_get(reply, "(b)", &owned);
  g_variant_unref(reply);
  return owned != FALSE;
}

SecretServiceKeyring::SecretServiceKeyring(const util::Environment& env, std::string purpose)
    : purpose_(std::move(purpose)) {
  if (auto why = session_bus_missing(env))
    throw StorageError("the secret-service keyring is unreachable: " + *why,
                       "run awsx inside your desktop session, or set AWSX_BACKEND=keyctl or "
                       "AWSX_BACKEND=file");
}

std::optional<std::string> SecretServiceKeyring::get(const std::string& name) {
  check_utf8_name(name);
  const auto query = attributes(purpose_, &name);
  GError* error = nullptr;
  SecretValue* value =
      secret_password_lookupv_binary_sync(schema(), query.get(), nullptr, &error);
  if (error != nullptr)
    fail("read the secret for \"" + name + "\"", error);
  if (value == nullptr) {
    if (item_exists(query.get()))
      locked(name);
    return std::nullopt;
  }
  gsize size = 0;
  const gchar* data = secret_value_get(value, &size);
  std::string out(data, size);
  secret_value_unref(value);
  return out;
}

void SecretServiceKeyring::set(const std::string& name, const std::string& secret,
                               std::optional<util::TimePoint> /*expires*/) {
  check_utf8_name(name);
  const auto query = attributes(purpose_, &name);
  SecretValue* value =
      secret_value_new(secret.data(), static_cast<gssize>(secret.size()), "text/plain");
  GError* error = nullptr;
  const auto label = "awsx " + name;
  // Items with the same attributes are replaced, not duplicated.
  const gboolean stored = secret_password_storev_binary_sync(
      schema(), query.get(), SECRET_COLLECTION_DEFAULT, label.c_str(), value, nullptr, &error);
  secret_value_unref(value);
  if (stored == FALSE)
    fail("store the secret for \"" + name + "\"", error);
}

bool SecretServiceKeyring::remove(const std::string& name) {
  check_utf8_name(name);
  const auto query = attributes(purpose_, &name);
  GError* error = nullptr;
  const gboolean removed = secret_password_clearv_sync(schema(), query.get(), nullptr, &error);
  if (error != nullptr)
    fail("remove the secret for \"" + name + "\"", error);
  if (removed == FALSE && item_exists(query.get()))
    locked(name);
  return removed != FALSE;
}

std::vector<std::string> SecretServiceKeyring::list(const std::string& prefix) {
  const auto query = attributes(purpose_, nullptr);
  GError* error = nullptr;
  // Without SECRET_SEARCH_UNLOCK or LOAD_SECRETS, this reads attributes and prompts for
  // nothing, even when the collection is locked.
  GList* items =
      secret_password_searchv_sync(schema(), query.get(), SECRET_SEARCH_ALL, nullptr, &error);
  if (error != nullptr)
    fail("list the secrets", error);
  std::vector<std::string> names;
  for (GList* item = items; item != nullptr; item = item->next) {
    GHashTable* found =
        secret_retrievable_get_attributes(static_cast<SecretRetrievable*>(item->data));
    const auto* name = static_cast<const char*>(g_hash_table_lookup(found, name_attribute));
    if (name != nullptr && std::string_view(name).substr(0, prefix.size()) == prefix)
      names.emplace_back(name);
    g_hash_table_unref(found);
  }
  g_list_free_full(items, g_object_unref);
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return names;
}

} // namespace awsx::store
