#include "awsx/store/keyring_keys.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

#include "awsx/store/keyring.hpp"
#include "awsx/util/error.hpp"

namespace awsx::store {

std::string credentials_name(const std::string& profile) { return "credentials/" + profile; }

std::string encode_keys(const aws::Credentials& keys) {
  Poco::JSON::Object doc(Poco::JSON_PRESERVE_KEY_ORDER);
  doc.set("Version", 1);
  doc.set("AccessKeyId", keys.access_key_id);
  doc.set("SecretAccessKey", keys.secret_access_key);
  std::ostringstream out;
  doc.stringify(out);
  return out.str();
}

std::optional<aws::Credentials> KeyringKeys::find(const std::string& profile) {
  const auto stored = keyring_.get(credentials_name(profile));
  if (!stored)
    return std::nullopt;
  try {
    Poco::JSON::Parser parser;
    const auto doc = parser.parse(*stored).extract<Poco::JSON::Object::Ptr>();
    aws::Credentials keys;
    keys.access_key_id = doc->getValue<std::string>("AccessKeyId");
    keys.secret_access_key = doc->getValue<std::string>("SecretAccessKey");
    if (!keys.access_key_id.empty() && !keys.secret_access_key.empty())
      return keys;
  } catch (const std::exception&) {
    // fall through: the entry is unreadable
  }
  throw StorageError("the keys of profile " + profile + " in the " + keyring_.backend() +
                         " keyring are unreadable",
                     "store them again with `awsx add " + profile + "`");
}

std::string KeyringKeys::where() const { return "the " + keyring_.backend() + " keyring"; }

} // namespace awsx::store
