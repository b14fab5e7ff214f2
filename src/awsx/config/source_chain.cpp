#include "awsx/config/source_chain.hpp"

#include <algorithm>

#include "awsx/util/strings.hpp"

namespace awsx::config {

std::string SourceChain::cycle_path() const {
  if (closing == nullptr)
    return {};
  return util::join(profiles, " -> ") + " -> " + closing->value;
}

SourceChain source_chain(const std::string& start, const NextSource& next) {
  SourceChain chain;
  chain.profiles.push_back(start);
  for (bool top = true;; top = false) {
    const Setting* source = next(chain.profiles.back(), top);
    if (source == nullptr)
      return chain;
    const auto& seen = chain.profiles;
    if (std::find(seen.begin(), seen.end(), source->value) != seen.end()) {
      chain.closing = source;
      return chain;
    }
    chain.profiles.push_back(source->value);
  }
}

} // namespace awsx::config
