#pragma once

#include <iosfwd>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "awsx/cli/invocation.hpp"

namespace awsx::cli {

// Streams a command writes to; tests pass string streams.
struct Console {
  std::ostream& out;
  std::ostream& err;
};

// What a command's positional argument names, for parsing and completions.
enum class PositionalKind { none, profile, shell, command };

// The fixed words an option's value may be (formats, shells); nullptr for free text.
using Choices = std::span<const char* const> (*)();

// How a flag option changes the Invocation: it sets one bool. The constructors are the
// only way to make one, so a flag in the table always does something.
class Flag {
public:
  // Sets `member` of the Invocation.
  explicit Flag(bool Invocation::*member) : own_(member) {}
  // Sets `member` of the Invocation's credential options.
  explicit Flag(bool creds::CredentialOptions::*member) : credential_(member) {}
  // Sets the flag in `inv`.
  void set(Invocation& inv) const;

private:
  bool Invocation::*own_ = nullptr;
  bool creds::CredentialOptions::*credential_ = nullptr;
};

// How an option's value changes the Invocation: stored in a string member, or parsed by
// a function that throws UsageError for a bad value. As with Flag, the constructors
// require the target.
class Value {
public:
  using Parse = void (*)(Invocation&, const std::string&);
  // Stores the value, shown as `name` in help, in `member`; `words` lists its choices.
  Value(const char* name, std::string Invocation::*member, Choices words)
      : name_(name), choices_(words), own_(member) {}
  // Stores the value, shown as `name` in help, in `member` of the credential options.
  Value(const char* name, std::string creds::CredentialOptions::*member, Choices words)
      : name_(name), choices_(words), credential_(member) {}
  // Hands the value, shown as `name` in help, to `parse`.
  Value(const char* name, Parse parse, Choices words)
      : name_(name), choices_(words), parse_(parse) {}
  // Puts `text` into `inv`.
  void set(Invocation& inv, const std::string& text) const;
  // The placeholder help shows, e.g. "FORMAT".
  const char* name() const { return name_; }
  // The fixed words of the value, or nullptr.
  Choices choices() const { return choices_; }

private:
  const char* name_;
  Choices choices_;
  std::string Invocation::*own_ = nullptr;
  std::string creds::CredentialOptions::*credential_ = nullptr;
  Parse parse_ = nullptr;
};

// The setter of a flag option: it sets bool `member` of the Invocation.
inline Flag flag(bool Invocation::*member) {
  return Flag(member);
}

// The setter of a flag option: it sets bool `member` of the credential options.
inline Flag flag(bool creds::CredentialOptions::*member) {
  return Flag(member);
}

// The setter of an option whose value, shown as `name`, goes to `target` (a string member
// of the Invocation or its credentials, or a parse function); `choices` lists its words.
template <typename Target>
Value value(const char* name, Target target, Choices choices = nullptr) {
  return Value(name, target, choices);
}

// One option of a command, as parsing, --help, the man page and completions see it.
class OptionSpec {
public:
  // A flag `--name` (`-letter` unless 0) that `set`s a bool; `text` explains it.
  OptionSpec(const char* name, char letter, Flag set, const char* text)
      : long_name(name), short_name(letter), help(text), effect_(set) {}
  // An option `--name VALUE` (`-letter` unless 0) whose value `set` stores or parses;
  // `text` explains it.
  OptionSpec(const char* name, char letter, Value set, const char* text)
      : long_name(name), short_name(letter), value_name(set.name()), help(text),
        choices(set.choices()), effect_(set) {}

  const char* long_name;            // without the leading "--"
  char short_name;                  // 0 when there is none
  const char* value_name = nullptr; // nullptr for a flag
  const char* help;
  Choices choices = nullptr; // the fixed words of the value, or nullptr

  // Changes `inv` as the option says, with `value` (empty for a flag).
  void apply(Invocation& inv, const std::string& value) const;

private:
  std::variant<Flag, Value> effect_;
};

// One subcommand: the single table behind parsing, --help, man page and completions.
// Dispatch is app.cpp's, by name, so that the front-end's parser links no handler.
struct Command {
  const char* name;
  const char* summary;
  const char* usage; // after "awsx <name> "
  std::vector<OptionSpec> options;
  int max_positionals;       // PROFILE and similar, before the child command
  bool takes_child_command;  // exec: the rest of the line is a command
  PositionalKind positional; // what the positionals name; a profile is the credentials'
};

// Every subcommand, in the order help lists them.
std::span<const Command> commands();

// The subcommand called `name`, or nullptr.
const Command* find_command(const std::string& name);

// The options every credential-fetching command shares.
const std::vector<OptionSpec>& credential_options();

} // namespace awsx::cli
