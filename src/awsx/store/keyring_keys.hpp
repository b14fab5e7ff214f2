#pragma once

#include <optional>
#include <set>
#include <string>

#include "awsx/creds/plan.hpp"

namespace awsx::store {

class Keyring;

// The keyring name of `profile`'s long-term keys: "credentials/<profile>".
std::string credentials_name(const std::string& profile);

// The profiles whose long-term keys `awsx add` stored in `keyring`.
std::set<std::string> stored_profiles(Keyring& keyring);

// `keys` as the JSON document `awsx add` stores.
std::string encode_keys(const aws::Credentials& keys);

// Long-term keys that `awsx add` put in a keyring, for the planner.
class KeyringKeys final : public creds::StoredKeys {
public:
  // Reads keys from `keyring`.
  explicit KeyringKeys(Keyring& keyring) : keyring_(keyring) {}

  std::optional<aws::Credentials> find(const std::string& profile) override;
  std::string where() const override;

private:
  Keyring& keyring_;
};

} // namespace awsx::store
