#pragma once

#include <functional>
#include <string>
#include <vector>

#include "awsx/config/ini.hpp"

namespace awsx::config {

// A source_profile chain as walked from one profile: every reader of the config (the
// planner, the fast config read, the lint) walks it here, each with its own rule.
struct SourceChain {
  std::vector<std::string> profiles; // visited in order, the start first, no repeats
  // The source_profile setting that names a profile already visited, closing a cycle;
  // null when the chain ends without one. It points into the sections the rule walked,
  // so it is valid only while they are.
  const Setting* closing = nullptr;

  // True when the chain closes on a profile visited already.
  bool cycles() const { return closing != nullptr; }

  // True when the last profile names itself, which botocore allows for its own keys.
  bool ends_in_itself() const {
    return closing != nullptr && closing->value == profiles.back();
  }

  // True when the cycle runs back through the start, not only through its sources.
  bool returns_to_start() const {
    return closing != nullptr && closing->value == profiles.front();
  }

  // The profiles of the cycle with the closing one, "a -> b -> a"; "" without a cycle.
  std::string cycle_path() const;
};

// The rule of a walker: the source_profile setting profile `name` hands on to, or null
// where the chain stops; `top` is true for the start only.
using NextSource = std::function<const Setting*(const std::string& name, bool top)>;

// Walks from profile `start`, following what `next` returns until it returns null or
// names a profile visited already.
SourceChain source_chain(const std::string& start, const NextSource& next);

} // namespace awsx::config
