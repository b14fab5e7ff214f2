#pragma once

#include <optional>
#include <string>

#include "awsx/store/keyring.hpp"

namespace awsx::store {

// Secrets as "user" keys in the Linux kernel's per-user keyring (@u), described
// "awsx:<scope>:<name>". Keys are readable by any later process of the same user, not
// only by the one that wrote them. A key given an expiry (a session) carries a kernel
// timeout, so the kernel refuses it from then on and frees it soon after; the others
// stay until removed. Keys live in kernel memory, so they are gone after a reboot, and
// they count against the user's key quota (/proc/sys/kernel/keys/maxbytes: 20000 bytes
// by default for users other than root).
class KeyctlKeyring final : public Keyring {
public:
  // A keyring whose keys are described "awsx:`scope`:<name>"; throws StorageError when
  // the kernel keyring cannot be used here.
  explicit KeyctlKeyring(std::string scope);

  std::string backend() const override { return "keyctl"; }
  std::optional<std::string> get(const std::string& name) override;
  void set(const std::string& name, const std::string& secret,
           std::optional<util::TimePoint> expires = std::nullopt) override;
  bool remove(const std::string& name) override;
  std::vector<std::string> list(const std::string& prefix) override;

private:
  std::string description(const std::string& name) const;

  std::string scope_;
};

// Why the kernel keyring cannot be used by this process (a seccomp filter, an old
// kernel), or nullopt when it can; costs one system call.
std::optional<std::string> keyctl_unavailable();

} // namespace awsx::store
