#pragma once

#include <string>
#include <vector>

#include "awsx/cli/context.hpp"

namespace awsx::cli {

// The commands that may open `url`, in the order to try them: each entry of $BROWSER in
// `env` (colon-separated, split as shlex splits, "%s" replaced by the URL or else the URL
// appended), then xdg-open. An entry that does not split is left out.
std::vector<std::vector<std::string>> browser_commands(const util::Environment& env,
                                                       const std::string& url);

// Opens `url` with the first of browser_commands that starts and does not fail at once,
// through `ctx`'s spawner; with none, prints the URL on `ctx`'s stdout and a hint on its
// stderr. Nothing but the browser's argv and stdout ever sees the URL.
void open_in_browser(const std::string& url, Context& ctx);

} // namespace awsx::cli
