#include "awsx/cli/tty.hpp"

#include "awsx/util/error.hpp"
#include "awsx/util/strings.hpp"
#include "awsx/util/terminal.hpp"

namespace awsx::cli {

std::string ask_on_tty(const std::string& prompt, bool secret, const std::string& why) {
  auto terminal = util::Terminal::open();
  if (!terminal)
    throw CredentialError(why + ", but there is no terminal to ask on");
  terminal->write(prompt);
  auto line = terminal->read_line(secret);
  if (!line) // /dev/tty that is not a terminal: nothing to hide the answer from
    line = terminal->read_line(false);
  return std::string(util::trim(*line));
}

} // namespace awsx::cli
