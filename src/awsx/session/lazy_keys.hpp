#pragma once

#include <memory>
#include <optional>

#include "awsx/creds/plan.hpp"
#include "awsx/session/services.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/store/keyring_keys.hpp"

namespace awsx::session {

// Opens the credentials keyring only when the planner asks for stored keys, so
// profiles with keys in ~/.aws/credentials never touch it.
class LazyKeyringKeys final : public creds::StoredKeys {
public:
  // Keys from the credentials keyring of `keyrings`, opened on first use.
  explicit LazyKeyringKeys(KeyringOpener& keyrings) : keyrings_(keyrings) {}

  std::optional<aws::Credentials> find(const std::string& profile) override;
  std::string where() const override;

  // The credentials keyring, opened now if it is not yet: planning and storing (`awsx
  // rotate`) share it, so that a file keyring asks for its passphrase once.
  store::Keyring& keyring();

private:
  KeyringOpener& keyrings_;
  std::unique_ptr<store::Keyring> keyring_;
  std::optional<store::KeyringKeys> keys_;
};

} // namespace awsx::session
