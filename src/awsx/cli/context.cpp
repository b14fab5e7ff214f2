#include "awsx/cli/context.hpp"

#include <ostream>

namespace awsx::cli {

std::function<void(const std::string&)> warnings_to(Console& console) {
  return
      [&console](const std::string& line) { console.err << "awsx: warning: " << line << "\n"; };
}

} // namespace awsx::cli
