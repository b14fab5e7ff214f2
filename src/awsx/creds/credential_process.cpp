#include "awsx/creds/credential_process.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <optional>
#include <utility>

#include "awsx/util/error.hpp"
#include "awsx/util/time.hpp"

extern char** environ;

namespace awsx::creds {

namespace {

// Real output is a few hundred bytes; the cap stops a runaway command from eating memory.
constexpr std::size_t max_output = std::size_t{64} * 1024;

using Object = Poco::JSON::Object::Ptr;

// A field's value when it is a string; `present` tells absent from non-string.
std::optional<std::string> string_field(const Object& object, const std::string& name,
                                        bool& present) {
  present = object->has(name) && !object->get(name).isEmpty();
  if (!present)
    return std::nullopt;
  const auto value = object->get(name);
  if (!value.isString())
    return std::nullopt;
  return value.extract<std::string>();
}

// Says what is wrong with Version; the value is safe to quote, it is never a secret.
std::optional<std::string> version_problem(const Object& object) {
  if (!object->has("Version") || object->get("Version").isEmpty())
    return "Version is missing; it must be the number 1";
  const auto value = object->get("Version");
  if (value.isString()) {
    const auto& text = value.extract<std::string>();
    return "Version is the string \"" + text.substr(0, 16) +
           "\"; it must be the number 1, without quotes";
  }
  if (value.isBoolean() || !value.isInteger())
    return "Version must be the integer 1";
  // Compared as text: convert<Int64>() throws on an unsigned value past INT64_MAX.
  if (const std::string number = value.toString(); number != "1")
    return "Version " + number + " is not supported; it must be 1";
  return std::nullopt;
}

void close_quietly(int fd) {
  if (fd >= 0)
    ::close(fd);
}

pid_t spawn_shell(const std::string& command, int stdout_fd, const std::string& profile) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
  // An ignored SIGPIPE or a blocked signal would survive exec; the command gets a clean slate.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t none;
  sigset_t pipe_only;
  sigemptyset(&none);
  sigemptyset(&pipe_only);
  sigaddset(&pipe_only, SIGPIPE);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &pipe_only);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  const char* argv[] = {"/bin/sh", "-c", command.c_str(), nullptr};
  pid_t pid = -1;
  // posix_spawn's argv is char* const[] for C compatibility; the strings are not modified.
  const int error = posix_spawn(&pid, "/bin/sh", &actions, &attributes,
                                const_cast<char* const*>(argv), environ);
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (error != 0)
    throw CredentialError(
        "profile " + profile +
        ": cannot start credential_process with /bin/sh: " + std::strerror(error));
  return pid;
}

// Reads the child's stdout until EOF or the cap; true when the output fit.
bool read_output(int fd, std::string& out) {
  char buffer[8192];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return true;
    out.append(buffer, static_cast<std::size_t>(n));
    if (out.size() > max_output)
      return false;
  }
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR)
      throw CredentialError(std::string("cannot wait for credential_process: ") +
                            std::strerror(errno));
  }
  return status;
}

std::string exit_problem(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    const char* name = strsignal(sig);
    return "was killed by signal " + std::to_string(sig) +
           (name ? std::string(" (") + name + ")" : "");
  }
  const int code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::string text = "exited with status " + std::to_string(code);
  if (code == 127)
    text += " (command not found)";
  else if (code == 126)
    text += " (not executable)";
  return text;
}

} // namespace

util::Result<aws::Credentials> parse_credential_process_output(const std::string& json) {
  Object object;
  try {
    Poco::JSON::Parser parser;
    object = parser.parse(json).extract<Object>();
  } catch (const Poco::Exception&) {
  } catch (const std::exception&) {
  }
  // Never echo the parser's message or the text: a half-valid document holds secrets.
  if (!object)
    return util::fail(json.find_first_not_of(" \t\r\n") == std::string::npos
                          ? "the output is empty; it must be a JSON object"
                          : "the output is not a JSON object");
  if (auto problem = version_problem(object))
    return util::fail(*problem);

  aws::Credentials creds;
  bool present = false;
  for (const auto& [field, target] : {std::pair{"AccessKeyId", &creds.access_key_id},
                                      std::pair{"SecretAccessKey", &creds.secret_access_key}}) {
    auto value = string_field(object, field, present);
    if (!present)
      return util::fail(std::string(field) + " is missing");
    if (!value || value->empty())
      return util::fail(std::string(field) + " must be a non-empty string");
    *target = std::move(*value);
  }
  // Optional, as in botocore: long-term keys from a vault have neither.
  if (auto token = string_field(object, "SessionToken", present))
    creds.session_token = std::move(*token);
  else if (present)
    return util::fail("SessionToken must be a string");
  if (auto expiration = string_field(object, "Expiration", present)) {
    creds.expiration = util::parse_iso8601(*expiration);
    if (!creds.expiration)
      return util::fail("Expiration \"" + expiration->substr(0, 40) +
                        "\" is not an ISO 8601 timestamp such as 2026-01-02T03:04:05Z");
  } else if (present) {
    return util::fail("Expiration must be an ISO 8601 timestamp string");
  }
  return creds;
}

aws::Credentials run_credential_process(const std::string& command,
                                        const std::string& profile) {
  const std::string where = "profile " + profile + ": credential_process";
  const std::string by_hand = "run the command by hand: " + command;
  if (command.find_first_not_of(" \t") == std::string::npos)
    throw CredentialError(where + " is empty");

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    throw CredentialError(where + ": cannot create a pipe: " + std::strerror(errno));
  pid_t pid = -1;
  try {
    pid = spawn_shell(command, fds[1], profile);
  } catch (...) {
    close_quietly(fds[0]);
    close_quietly(fds[1]);
    throw;
  }
  close_quietly(fds[1]);
  std::string output;
  const bool fits = read_output(fds[0], output);
  // Closing before the wait lets an over-long writer die of SIGPIPE instead of blocking.
  close_quietly(fds[0]);
  const int status = wait_for(pid);

  if (!fits)
    throw CredentialError(where + " printed more than " + std::to_string(max_output / 1024) +
                              " KiB on stdout; it must print one JSON object",
                          by_hand);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw CredentialError(where + " " + exit_problem(status), by_hand);
  auto creds = parse_credential_process_output(output);
  if (!creds)
    throw CredentialError(
        where + " output: " + creds.error(),
        "it must print {\"Version\": 1, \"AccessKeyId\": ..., "
        "\"SecretAccessKey\": ..., \"SessionToken\": ..., \"Expiration\": ...}");
  return std::move(creds).value();
}

} // namespace awsx::creds
