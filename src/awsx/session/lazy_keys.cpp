#include "awsx/session/lazy_keys.hpp"

namespace awsx::session {

std::optional<aws::Credentials> LazyKeyringKeys::find(const std::string& profile) {
  keyring();
  return keys_->find(profile);
}

store::Keyring& LazyKeyringKeys::keyring() {
  if (!keys_) {
    keyring_ = keyrings_.open(store::Purpose::credentials);
    keys_.emplace(*keyring_);
  }
  return *keyring_;
}

std::string LazyKeyringKeys::where() const {
  return keys_ ? keys_->where() : "the keyring";
}

} // namespace awsx::session
