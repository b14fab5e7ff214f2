#include "awsx/store/keyring_keys.hpp"

#include <string_view>

#include "awsx/store/keyring.hpp"
#include "awsx/util/error.hpp"
#include "awsx/util/flat_json.hpp"

namespace awsx::store {

namespace {

constexpr std::string_view prefix = "credentials/";

} // namespace

std::string credentials_name(const std::string& profile) {
  return std::string(prefix) + profile;
}

std::set<std::string> stored_profiles(Keyring& keyring) {
  std::set<std::string> profiles;
  for (const auto& name : keyring.list(std::string(prefix)))
    profiles.insert(name.substr(prefix.size()));
  return profiles;
}

std::string encode_keys(const aws::Credentials& keys) {
  return util::FlatObject()
      .set("Version", 1)
      .set("AccessKeyId", keys.access_key_id)
      .set("SecretAccessKey", keys.secret_access_key)
      .dump();
}

std::optional<aws::Credentials> KeyringKeys::find(const std::string& profile) {
  const auto stored = keyring_.get(credentials_name(profile));
  if (!stored)
    return std::nullopt;
  if (const auto doc = util::FlatObject::parse(*stored)) {
    aws::Credentials keys;
    keys.access_key_id = doc->string("AccessKeyId").value_or("");
    keys.secret_access_key = doc->string("SecretAccessKey").value_or("");
    if (!keys.access_key_id.empty() && !keys.secret_access_key.empty())
      return keys;
  }
  throw StorageError("the keys of profile " + profile + " in the " + keyring_.backend() +
                         " keyring are unreadable",
                     "store them again with `awsx add " + profile + "`");
}

std::string KeyringKeys::where() const { return "the " + keyring_.backend() + " keyring"; }

} // namespace awsx::store
