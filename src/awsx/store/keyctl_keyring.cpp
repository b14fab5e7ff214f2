#include "awsx/store/keyctl_keyring.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <keyutils.h>

#include "awsx/store/errors.hpp"
#include "awsx/store/names.hpp"
#include "awsx/util/error.hpp"

namespace awsx::store {
namespace {

// The kernel refuses larger payloads for keys of type "user".
constexpr std::size_t max_payload = 32767;

// Marks our payloads: it lets an empty secret be stored (the kernel refuses empty
// payloads) and tells a foreign key that happens to share our description apart.
constexpr std::string_view payload_magic = "awsx1:";

constexpr const char* fallback_hint =
    "set AWSX_BACKEND=file to keep secrets in encrypted files instead";

// Possessor and same-user processes may do everything, so a later awsx (which does
// not possess the key) can read, replace and remove it. Group and others get nothing.
constexpr key_perm_t key_permissions = KEY_POS_ALL | KEY_USR_ALL;

[[noreturn]] void fail(const std::string& what, int err) {
  std::string hint = fallback_hint;
  if (err == EDQUOT)
    hint =
        "the kernel's key quota for your user is full: remove keys (keyctl show @u) or raise "
        "/proc/sys/kernel/keys/maxbytes, or " +
        hint;
  throw StorageError(
      "the kernel keyring (keyctl) could not " + what + ": " + std::strerror(err), hint);
}

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};

// True for the errors that mean "no usable key", as opposed to a broken keyring.
bool missing(int err) {
  return err == ENOKEY || err == EKEYEXPIRED || err == EKEYREVOKED || err == ENOENT;
}

std::optional<key_serial_t> find(const std::string& description) {
  const auto id = keyctl_search(KEY_SPEC_USER_KEYRING, "user", description.c_str(), 0);
  if (id >= 0)
    return id;
  if (missing(errno))
    return std::nullopt;
  fail("search your user keyring", errno);
}

// The kernel timeout, in whole seconds from now, that ends a key at `expires` (rounded up,
// so the key never dies before its session). At least 1, since 0 would mean "never".
unsigned timeout_until(util::TimePoint expires) {
  const auto left =
      std::chrono::ceil<std::chrono::seconds>(expires - std::chrono::system_clock::now())
          .count();
  return static_cast<unsigned>(std::clamp<decltype(left)>(left, 1, UINT_MAX));
}

} // namespace

std::optional<std::string> keyctl_unavailable() {
  if (keyctl_get_keyring_ID(KEY_SPEC_USER_KEYRING, 0) >= 0)
    return std::nullopt;
  return std::string("the kernel keyring is unavailable here (keyctl: ") +
         std::strerror(errno) + "; containers often block it with a seccomp filter)";
}

KeyctlKeyring::KeyctlKeyring(std::string scope) : scope_(std::move(scope)) {
  if (auto why = keyctl_unavailable())
    throw StorageError(*why, fallback_hint);
}

std::string KeyctlKeyring::description(const std::string& name) const {
  check_name(name, "keyctl");
  return "awsx:" + scope_ + ":" + name;
}

std::optional<std::string> KeyctlKeyring::get(const std::string& name) {
  const auto id = find(description(name));
  if (!id)
    return std::nullopt;
  void* raw = nullptr;
  const auto size = keyctl_read_alloc(*id, &raw);
  if (size < 0) {
    if (missing(errno))
      return std::nullopt; // removed between the search and the read
    fail("read the key for \"" + name + "\"", errno);
  }
  const std::unique_ptr<void, FreeDeleter> owned(raw);
  const std::string_view payload(static_cast<const char*>(raw), static_cast<std::size_t>(size));
  if (payload.substr(0, payload_magic.size()) != payload_magic)
    throw CorruptEntry("the kernel key for \"" + name + "\" (" + description(name) +
                           ") was not written by awsx",
                       "remove it with: keyctl purge -s user " + description(name));
  return std::string(payload.substr(payload_magic.size()));
}

void KeyctlKeyring::set(const std::string& name, const std::string& secret,
                        std::optional<util::TimePoint> expires) {
  const auto desc = description(name);
  if (secret.size() + payload_magic.size() > max_payload)
    throw StorageError("the secret for \"" + name + "\" is too large for the kernel keyring (" +
                           std::to_string(secret.size()) + " bytes)",
                       fallback_hint);
  const auto payload = std::string(payload_magic) + secret;
  // Made in our own process keyring, which we possess, so we may set its permissions and
  // timeout before anyone else can see it; then linked into @u, which atomically
  // replaces a key with the same description.
  const auto id =
      add_key("user", desc.c_str(), payload.data(), payload.size(), KEY_SPEC_PROCESS_KEYRING);
  if (id < 0)
    fail("store the key for \"" + name + "\"", errno);
  if ((expires && keyctl_set_timeout(id, timeout_until(*expires)) != 0) ||
      keyctl_setperm(id, key_permissions) != 0 || keyctl_link(id, KEY_SPEC_USER_KEYRING) != 0) {
    const int err = errno;
    keyctl_invalidate(id);
    fail("store the key for \"" + name + "\" in your user keyring", err);
  }
  keyctl_unlink(id, KEY_SPEC_PROCESS_KEYRING);
}

bool KeyctlKeyring::remove(const std::string& name) {
  const auto id = find(description(name));
  if (!id)
    return false;
  // Invalidating frees the key everywhere, but needs rights a key we did not make may
  // not grant; unlinking it from @u, which is ours, is enough to make it disappear.
  keyctl_invalidate(*id);
  if (keyctl_unlink(*id, KEY_SPEC_USER_KEYRING) != 0 && !missing(errno))
    fail("remove the key for \"" + name + "\"", errno);
  return true;
}

std::vector<std::string> KeyctlKeyring::list(const std::string& prefix) {
  void* raw = nullptr;
  const auto size = keyctl_read_alloc(KEY_SPEC_USER_KEYRING, &raw);
  if (size < 0)
    fail("list your user keyring", errno);
  const std::unique_ptr<void, FreeDeleter> owned(raw);
  const auto* ids = static_cast<const key_serial_t*>(raw);
  const auto count = static_cast<std::size_t>(size) / sizeof(key_serial_t);
  const auto wanted = "awsx:" + scope_ + ":" + prefix;
  std::vector<std::string> names;
  for (std::size_t i = 0; i < count; ++i) {
    char* text = nullptr;
    // Keys removed meanwhile, or not ours to see, simply fail to describe.
    if (keyctl_describe_alloc(ids[i], &text) < 0)
      continue;
    const std::unique_ptr<char, FreeDeleter> owned_text(text);
    // "type;uid;gid;perm;description", and only the description may contain ';'.
    const std::string_view info(text);
    std::size_t start = 0;
    for (int field = 0; field < 4 && start != std::string_view::npos; ++field) {
      const auto semicolon = info.find(';', start);
      start = semicolon == std::string_view::npos ? semicolon : semicolon + 1;
    }
    if (info.substr(0, 5) != "user;" || start == std::string_view::npos)
      continue;
    const auto desc = info.substr(start);
    if (desc.substr(0, wanted.size()) == wanted)
      names.emplace_back(desc.substr(5 + scope_.size() + 1));
  }
  std::sort(names.begin(), names.end());
  return names;
}

} // namespace awsx::store
