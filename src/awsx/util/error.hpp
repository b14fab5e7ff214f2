#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace awsx {

// Exit codes are part of the interface (documented in man/awsx.1, EXIT STATUS).
// They stay below 124 so they never collide with the shell's own codes.
enum class ExitCode : int {
  ok = 0,
  failure = 1,     // anything not covered below
  usage = 2,       // bad command line
  config = 3,      // malformed or inconsistent config files
  credentials = 4, // no usable credentials, MFA needed but unavailable
  sts = 5,         // STS/SSO answered with an error
  network = 6,     // connection, TLS, timeout, garbage on the wire
  storage = 7,     // keyring or cache failure
  not_executable = 126,
  not_found = 127,
};

// Base of every failure that ends the run; `what()` is the full user-facing
// message (what failed, where, and what to do next) and `code()` the exit status.
class Error : public std::runtime_error {
public:
  // Builds an error with message `message`, exit status `code` and advice `hint`.
  explicit Error(const std::string& message, ExitCode code = ExitCode::failure,
                 std::string hint = {})
      : std::runtime_error(message), code_(code), hint_(std::move(hint)) {}

  // The exit status the process should end with.
  ExitCode code() const { return code_; }

  // What the user can do about it, printed on its own line; may be empty.
  const std::string& hint() const { return hint_; }

private:
  ExitCode code_;
  std::string hint_;
};

// A bad command line: unknown option, missing value, wrong argument count.
class UsageError : public Error {
public:
  explicit UsageError(const std::string& message, std::string hint = {})
      : Error(message, ExitCode::usage, std::move(hint)) {}
};

// Malformed or inconsistent configuration; messages name file:line or profile.
class ConfigError : public Error {
public:
  explicit ConfigError(const std::string& message, std::string hint = {})
      : Error(message, ExitCode::config, std::move(hint)) {}
};

// No usable credentials (missing keys, MFA unavailable, bad source).
class CredentialError : public Error {
public:
  explicit CredentialError(const std::string& message, std::string hint = {})
      : Error(message, ExitCode::credentials, std::move(hint)) {}
};

// The remote service answered with an error document (`service_code` e.g. AccessDenied).
class ServiceError : public Error {
public:
  // Builds an error with message `message` carrying the service's `service_code`.
  ServiceError(const std::string& message, std::string service_code, std::string hint = {})
      : Error(message, ExitCode::sts, std::move(hint)), service_code_(std::move(service_code)) {}

  // The error code the service returned, e.g. "SignatureDoesNotMatch".
  const std::string& service_code() const { return service_code_; }

private:
  std::string service_code_;
};

// The transport failed: refused, timed out, TLS, or an unreadable response.
class NetworkError : public Error {
public:
  explicit NetworkError(const std::string& message, std::string hint = {})
      : Error(message, ExitCode::network, std::move(hint)) {}
};

// A keyring or cache could not be read or written (locked, wrong passphrase, disk full).
class StorageError : public Error {
public:
  explicit StorageError(const std::string& message, std::string hint = {})
      : Error(message, ExitCode::storage, std::move(hint)) {}
};

} // namespace awsx
