#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "awsx/store/errors.hpp"
#include "awsx/store/keyring.hpp"
#include "awsx/store/names.hpp"
#include "awsx/util/error.hpp"

namespace awsx::test {

// What one in-memory keyring holds; every MemoryKeyring made on it sees the same entries,
// as every awsx process sees the same real keyring.
struct MemoryEntries {
  std::map<std::string, std::string> items;
  std::map<std::string, std::optional<util::TimePoint>> expiries;
  std::set<std::string> corrupt; // names whose get() fails as a damaged entry would
  bool read_only = false;        // set() fails, as on a locked or full store
};

// A keyring in memory for unit tests; it passes the KeyringContract, so code tested
// against it sees what a real backend would show.
class MemoryKeyring final : public store::Keyring {
public:
  // A handle on `entries`; the default is a new, empty keyring of its own.
  explicit MemoryKeyring(
      std::shared_ptr<MemoryEntries> entries = std::make_shared<MemoryEntries>())
      : entries_(std::move(entries)), items(entries_->items), expiries(entries_->expiries),
        corrupt(entries_->corrupt), read_only(entries_->read_only) {}

  // Another handle on the same entries, as a second awsx process would open the keyring.
  std::unique_ptr<MemoryKeyring> reopen() const {
    return std::make_unique<MemoryKeyring>(entries_);
  }

  std::string backend() const override { return "memory"; }

  std::optional<std::string> get(const std::string& name) override {
    store::check_name(name, backend());
    if (corrupt.count(name) != 0)
      throw store::CorruptEntry("entry " + name + " is damaged");
    auto it = items.find(name);
    return it == items.end() ? std::nullopt : std::optional(it->second);
  }

  void set(const std::string& name, const std::string& secret,
           std::optional<util::TimePoint> expires = std::nullopt) override {
    store::check_name(name, backend());
    if (read_only)
      throw StorageError("the memory keyring is read-only");
    items[name] = secret;
    expiries[name] = expires;
    corrupt.erase(name);
  }

  bool remove(const std::string& name) override {
    store::check_name(name, backend());
    corrupt.erase(name);
    expiries.erase(name);
    return items.erase(name) > 0;
  }

  std::vector<std::string> list(const std::string& prefix) override {
    std::vector<std::string> out; // sorted: the map keeps its keys in order
    for (const auto& [name, _] : items)
      if (name.rfind(prefix, 0) == 0)
        out.push_back(name);
    return out;
  }

private:
  std::shared_ptr<MemoryEntries> entries_;

public:
  // The shared entries, for tests to plant or inspect them directly.
  std::map<std::string, std::string>& items;
  std::map<std::string, std::optional<util::TimePoint>>& expiries;
  std::set<std::string>& corrupt;
  bool& read_only;
};

} // namespace awsx::test
