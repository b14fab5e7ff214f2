#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace awsx::util {

// Wraps an error message so that Result<T> can be built from it unambiguously.
struct Failure {
  std::string message;
};

// Either a value of type T or a failure message, for failures the caller must handle.
template <typename T> class Result {
public:
  // A successful result holding `value`.
  Result(T value) : data_(std::move(value)) {}
  // A failed result holding `failure`.
  Result(Failure failure) : data_(std::move(failure)) {}

  // True when the result holds a value.
  bool ok() const { return data_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // The value; only valid when ok().
  T& value() & { return std::get<0>(data_); }
  const T& value() const& { return std::get<0>(data_); }
  T&& value() && { return std::get<0>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The failure message; only valid when !ok().
  const std::string& error() const { return std::get<1>(data_).message; }

private:
  std::variant<T, Failure> data_;
};

// Shorthand for a failed result with message `message`.
inline Failure fail(std::string message) { return Failure{std::move(message)}; }

} // namespace awsx::util

// Evaluates `expr` (a Result) and returns its failure from the enclosing function.
#define AWSX_TRY(var, expr)                                                                   \
  auto var##_result_ = (expr);                                                                \
  if (!var##_result_)                                                                         \
    return ::awsx::util::fail(var##_result_.error());                                         \
  auto var = std::move(var##_result_).value()
